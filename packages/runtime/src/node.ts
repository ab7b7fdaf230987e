export { loadFlowFile, loadImageFlowFile } from './load-flow-file';
export { writeSamples } from './write-samples';
export type { SampleFileFormat, WriteSamplesOptions } from './write-samples';
