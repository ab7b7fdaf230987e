export { loadFlowFile, loadImageFlowFile } from './load-flow-file';
export { loadParallelFlow } from './worker-flow';
export type { FlowWorkerOptions } from './worker-flow';
export { writeSamples } from './write-samples';
export type { SampleFileFormat, WriteSamplesOptions } from './write-samples';
