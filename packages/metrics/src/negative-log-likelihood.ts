import * as tf from '@tensorflow/tfjs-core';

export interface NegativeLogLikelihood {
  /** Mean of −log ρ(x) over the samples, in nats (numerics §5's C averaged; the reported "NLL"). */
  mean: number;
  /** Standard error of that mean: sample standard deviation / √count (NaN for a single sample). */
  standardError: number;
  count: number;
}

/**
 * The negative log-likelihood of held-out samples from their log-densities log ρ(x_i) (one per sample): mean and
 * standard error, accumulated in float64.
 */
export async function negativeLogLikelihood(logDensities: tf.Tensor | ArrayLike<number>): Promise<NegativeLogLikelihood> {
  let values: ArrayLike<number>;
  if (logDensities instanceof tf.Tensor) {
    if (logDensities.rank !== 1) {
      throw new Error(`logDensities must be a rank-1 tensor (one value per sample), got shape [${logDensities.shape.join(', ')}].`);
    }
    values = await logDensities.data();
  } else if (logDensities !== null && typeof logDensities === 'object' && typeof logDensities.length === 'number') {
    values = logDensities;
  } else {
    throw new Error(`logDensities must be a rank-1 tensor or an array of numbers, got ${typeof logDensities}.`);
  }
  const count = values.length;
  if (count === 0) throw new Error('logDensities is empty: it needs one log-density per sample.');
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      throw new Error(
        `logDensities[${i}] is ${value}: every log-density must be finite (−Infinity means the model gives the sample ` +
          'zero density, an infinite NLL).',
      );
    }
    sum += value;
  }
  const mean = -sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (-values[i] - mean) ** 2;
  const standardError = count > 1 ? Math.sqrt(squares / (count - 1) / count) : Number.NaN;
  return { mean, standardError, count };
}
