import type { AutoencoderConfigInput } from '@otflow/model';
import { DIGITS_AUTOENCODER_SETTINGS, type AutoencoderSettings } from './autoencoder-settings';
import type { TrainingSettings } from './presets';

/** Everything an image model trains with: the autoencoder phase, then the flow on its standardized latent codes. */
export interface ImageRecipe {
  autoencoder: { config: AutoencoderConfigInput; settings: AutoencoderSettings };
  flow: TrainingSettings;
  /** Rank r of the potential's quadratic term (A is r × (d+1)); absent: the reference's min(10, d + 1). */
  flowRank?: number;
}

/**
 * The OT-Flow authors' MNIST settings (trainMnistOTflow.py and trainAE): a 784 → 128 → 784 autoencoder with a ReLU
 * code, Adam lr 1e-3 for 600 epochs of batches of 800 from 50,000 images (63 per epoch), divided by 10 every 150
 * epochs; then the potential with m = 128, nTh = 2, alph 1,80,500, nt 8 (16 to validate), batch 800, lr 0.008 divided
 * by √10 every 5,000 of 50,000 steps, weights clamped to [−2, 2], validation every 20 steps. On this project's CPU a
 * flow step at these settings takes about a minute (docs/mnist.md); they are here to compare with the authors'
 * code and for machines with time.
 */
export const MNIST_REFERENCE_RECIPE: Readonly<ImageRecipe> = Object.freeze<ImageRecipe>({
  autoencoder: {
    config: { inputSize: 784, hidden: [], latentSize: 128, latentActivation: 'relu' },
    settings: { batchSize: 800, iterations: 600 * 63, learningRate: 1e-3, learningRateDropEvery: 150 * 63, learningRateDropFactor: 10, validateEvery: 63 },
  },
  flow: {
    m: 128, nTh: 2, nt: 8, ntVal: 16, batchSize: 800, alph: [1, 80, 500], iterations: 50_000, learningRate: 0.008,
    learningRateDropEvery: 5000, learningRateDropFactor: Math.sqrt(10), resampleEvery: 1, validateEvery: 20,
    validationSize: 0, earlyStoppingPatience: 0, maxPlateauDrops: 0, clampWeights: 2,
  },
});

/**
 * What trains a digit model from the 8,000 built-in training digits on two CPU cores in tens of minutes: the same
 * one-layer autoencoder with a 32-d code and no ReLU on it (a ReLU code puts mass exactly at 0, which a density
 * cannot model), and a potential with m = 64, a full-rank quadratic term (r = d + 1 = 33: the flow can then represent
 * the affine map of a Gaussian fit, which r = 10 cannot; docs/mnist.md), nt 4 (8 to validate), batch 256,
 * alph 1,80,500, lr 0.008 divided by √10 every 500 of 1,500 steps, weights clamped to [−2, 2].
 */
export const DIGITS_RECIPE: Readonly<ImageRecipe> = Object.freeze<ImageRecipe>({
  autoencoder: {
    config: { inputSize: 784, hidden: [], latentSize: 32, latentActivation: 'identity' },
    settings: { ...DIGITS_AUTOENCODER_SETTINGS },
  },
  flow: {
    m: 64, nTh: 2, nt: 4, ntVal: 8, batchSize: 256, alph: [1, 80, 500], iterations: 1500, learningRate: 0.008,
    learningRateDropEvery: 500, learningRateDropFactor: Math.sqrt(10), resampleEvery: 1, validateEvery: 50,
    validationSize: 0, earlyStoppingPatience: 0, maxPlateauDrops: 0, clampWeights: 2,
  },
  flowRank: 33,
});

export const IMAGE_RECIPES: Readonly<Record<'digits' | 'reference', Readonly<ImageRecipe>>> = Object.freeze({
  digits: DIGITS_RECIPE,
  reference: MNIST_REFERENCE_RECIPE,
});
