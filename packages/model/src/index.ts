export { createFlowModel, checkFlowModelKind, isVelocityNetwork, FLOW_MODEL_KINDS } from './flow-model';
export type { FlowModel, FlowModelKind, FlowModelConfig, FlowModelOptions } from './flow-model';
export { createFlowDynamics, createFlowVelocityField } from './flow-dynamics';
export type { FlowDynamics, FlowSource } from './flow-dynamics';
export { Potential, DEFAULT_POTENTIAL_SEED } from './potential';
export type { PotentialOptions } from './potential';
export {
  resolvePotentialConfig,
  potentialParameterCount,
  residualStep,
  defaultQuadraticRank,
} from './potential-config';
export { DEFAULT_WIDTH, DEFAULT_LAYER_COUNT } from './resnet-size';
export type { PotentialConfig, PotentialConfigInput } from './potential-config';
export type { PotentialTensors } from './potential-tensors';
export { potentialWeightNames, potentialWeightShapes } from './weight-layout';
export type { WeightInput, WeightValues } from './network-weights';
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
export { readTorchCheckpoint } from './torch/torch-checkpoint';
export type { TorchCheckpoint } from './torch/torch-checkpoint';
export { TorchTensor } from './torch/torch-tensor';
export type { TorchDtype, TorchValues } from './torch/torch-tensor';
export { importReferenceStateDict } from './reference-import';
export type { ReferenceImportOptions } from './reference-import';
export { importReferenceCheckpoint, REFERENCE_LATENT_EPS } from './reference-image-import';
export type { ReferenceCheckpointImport } from './reference-image-import';
export {
  serializeModel,
  modelFileToJSON,
  parseModelFile,
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
  SUPPORTED_MODEL_FILE_VERSIONS,
} from './model-file';
export type { ModelFile, ModelFileV1, ModelFileV2, ModelMetadata, LoadedModel, Normalization, TrainingMetadata } from './model-file';
export { Autoencoder } from './autoencoder';
export type { AutoencoderData, AutoencoderOptions } from './autoencoder';
export {
  resolveAutoencoderConfig,
  autoencoderWeightShapes,
  autoencoderParameterCount,
  DEFAULT_AUTOENCODER_CONFIG,
  LATENT_ACTIVATIONS,
} from './autoencoder-config';
export type { AutoencoderConfig, AutoencoderConfigInput, LatentActivation } from './autoencoder-config';
export { checkImageSpec, DECODER_OUTPUTS, REFERENCE_MNIST_PIXEL_NORMALIZATION } from './image-spec';
export type { DecoderOutput, ImageSpec } from './image-spec';
export type { NestedNumbers } from './nested-array';
export { flowLogDensity } from './log-density';
export { VelocityNetwork } from './velocity-network';
export type { VelocityNetworkOptions } from './velocity-network';
export { resolveVelocityConfig, velocityParameterCount, velocityWeightShapes } from './velocity-config';
export type { VelocityConfig, VelocityConfigInput } from './velocity-config';
export { velocityAndDivergence } from './velocity-divergence';
export type { VelocityAndDivergence } from './velocity-divergence';
