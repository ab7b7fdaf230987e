export { integrateAugmentedFlow } from './augmented-flow';
export type { AugmentedFlowOptions } from './augmented-flow';
export { otFlowObjective, sampleCosts } from './objective';
export type { ObjectiveOptions, ObjectiveTerms, SampleCosts } from './objective';
export { resolveAlph } from './objective-weights';
export type { Alph } from './objective-weights';
export { batchedMeanCosts } from './batched-costs';
export type { BatchedCostOptions, MeanCosts } from './batched-costs';
