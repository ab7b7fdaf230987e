export { Potential, DEFAULT_POTENTIAL_SEED } from './potential';
export type { PotentialOptions } from './potential';
export {
  resolvePotentialConfig,
  potentialParameterCount,
  residualStep,
  defaultQuadraticRank,
  DEFAULT_WIDTH,
  DEFAULT_LAYER_COUNT,
} from './potential-config';
export type { PotentialConfig, PotentialConfigInput } from './potential-config';
export type { PotentialTensors } from './potential-tensors';
export { potentialWeightNames, potentialWeightShapes } from './weight-layout';
export type { PotentialWeightValues } from './weight-layout';
export type { PotentialWeightInput } from './weight-values';
export { initialPotentialWeights } from './initialize';
export { PreparedPotential, preparePotential, isPreparedPotential } from './prepared-potential';
export type { PotentialSource } from './evaluation-input';
export { potentialValue } from './potential-value';
export { gradientAndTrace, gradientAndTraceAtTime } from './gradient-and-trace';
export type { GradientAndTrace } from './gradient-and-trace';
export {
  createAugmentedDynamics,
  createPackedAugmentedDynamics,
  createVelocityField,
  unpackAugmentedState,
  DYNAMICS_GRADIENTS,
} from './augmented-dynamics';
export type { AugmentedState, Dynamics, DynamicsGradient, DynamicsOptions } from './augmented-dynamics';
export type { FieldCheckpointing } from './augmented-field-op';
export { importReferenceStateDict } from './reference-import';
export type { ReferenceImportOptions } from './reference-import';
export {
  serializeModel,
  modelFileToJSON,
  parseModelFile,
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
  SUPPORTED_MODEL_FILE_VERSIONS,
} from './model-file';
export type { ModelFileV1, ModelMetadata, LoadedModel, Normalization, TrainingMetadata } from './model-file';
export type { NestedNumbers } from './nested-array';
export { flowLogDensity } from './log-density';
