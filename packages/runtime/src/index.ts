export { Flow, DEFAULT_STEPS } from './flow';
export type {
  IntegrationOptions,
  MappedPoints,
  SampleOptions,
  SamplesWithLogProb,
  Trajectories,
} from './flow';
export { loadFlow } from './load-flow';
export type { LoadFlowOptions, ModelSource } from './load-flow';
export type { PointMatrix, PointsInput } from './points-input';
export { ImageFlow } from './image-flow';
export type { InterpolationOptions } from './image-flow';
export type { ImageBatch, ImagesInput } from './images-input';
export { loadImageFlow } from './load-image-flow';
