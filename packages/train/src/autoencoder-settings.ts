/** How an autoencoder trains: Adam on the mean squared reconstruction error, with a step schedule. */
export interface AutoencoderSettings {
  batchSize: number;
  /** Optimizer steps. */
  iterations: number;
  learningRate: number;
  /** Divide the learning rate by `learningRateDropFactor` every this many steps (0: never). */
  learningRateDropEvery: number;
  learningRateDropFactor: number;
  /** Validate every this many steps (and after the last). */
  validateEvery: number;
}

/**
 * The reference's autoencoder schedule (trainAE: Adam, the rate divided by 10 every quarter of the run) shortened for
 * the built-in digits' 8,000 training images: 50 epochs of 32 batches of 250 at lr 5e-3 (the reference's 1e-3 needs
 * its 600 epochs; here 5e-3 halves the error 1e-3 reaches in 300 steps), divided by 10 after 600 and 1,200 steps.
 */
export const DIGITS_AUTOENCODER_SETTINGS: Readonly<AutoencoderSettings> = Object.freeze({
  batchSize: 250,
  iterations: 1600,
  learningRate: 5e-3,
  learningRateDropEvery: 600,
  learningRateDropFactor: 10,
  validateEvery: 32,
});

/** Validates every field; messages name the setting, its value and what it must be. */
export function checkAutoencoderSettings(settings: AutoencoderSettings): AutoencoderSettings {
  if (typeof settings !== 'object' || settings === null) throw new Error('Autoencoder settings must be an object.');
  for (const key of ['batchSize', 'iterations', 'validateEvery'] as const) {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer, got ${String(value)}.`);
  }
  if (!Number.isInteger(settings.learningRateDropEvery) || settings.learningRateDropEvery < 0) {
    throw new Error(`learningRateDropEvery must be an integer ≥ 0, got ${String(settings.learningRateDropEvery)}.`);
  }
  if (!(Number.isFinite(settings.learningRate) && settings.learningRate > 0)) {
    throw new Error(`learningRate must be a positive number, got ${String(settings.learningRate)}.`);
  }
  if (!(Number.isFinite(settings.learningRateDropFactor) && settings.learningRateDropFactor > 1)) {
    throw new Error(`learningRateDropFactor must be a number > 1, got ${String(settings.learningRateDropFactor)}.`);
  }
  return settings;
}
