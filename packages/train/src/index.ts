export { Trainer } from './trainer';
export type { IterationRecord, ValidationRecord } from './records';
export type {
  ProgressEvent,
  ResumeInit,
  RunOptions,
  StopReason,
  TrainerInit,
  TrainingLoop,
  TrainingResult,
} from './training-loop';
export type { BatchSource, PointBatch } from './batch-source';
export { checkTrainerCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint';
export type { TrainerCheckpoint } from './checkpoint';
export {
  TOY_PRESETS,
  TABULAR_PRESETS,
  TABULAR_TEST_STEPS,
  QUICK_PRESET,
  trainingSettings,
  checkTrainingSettings,
} from './presets';
export type { TrainingSettings } from './presets';
export { settingsForData } from './data-settings';
export type { DataShape } from './data-settings';
export { Adam } from './adam';
export type { AdamOptions, AdamState } from './adam';
export { AutoencoderTrainer, checkAutoencoderCheckpoint, AUTOENCODER_CHECKPOINT_FORMAT, AUTOENCODER_CHECKPOINT_VERSION } from './autoencoder-trainer';
export type {
  AutoencoderCheckpoint,
  AutoencoderIterationRecord,
  AutoencoderProgressEvent,
  AutoencoderRunOptions,
  AutoencoderTrainerInit,
  AutoencoderTrainingResult,
  AutoencoderValidationRecord,
} from './autoencoder-trainer';
export { DIGITS_AUTOENCODER_SETTINGS, checkAutoencoderSettings } from './autoencoder-settings';
export type { AutoencoderSettings } from './autoencoder-settings';
export { latentNormalization, standardizeCodes, LATENT_EPS } from './latent-normalization';
export { IMAGE_RECIPES, DIGITS_RECIPE, MNIST_REFERENCE_RECIPE } from './image-recipes';
export type { ImageRecipe } from './image-recipes';
