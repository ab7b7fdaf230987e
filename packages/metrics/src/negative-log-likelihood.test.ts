import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { negativeLogLikelihood } from './negative-log-likelihood';

describe('negativeLogLikelihood', () => {
  it('returns the mean of −log ρ and its standard error', async () => {
    // −log ρ = 1, 2, 3, 6: mean 3, sample variance (4 + 1 + 0 + 9)/3 = 14/3, standard error √(14/3/4).
    const result = await negativeLogLikelihood([-1, -2, -3, -6]);
    expect(result.mean).toBeCloseTo(3, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(14 / 12), 12);
    expect(result.count).toBe(4);
  });

  it('reads a rank-1 tensor without leaking, and has no standard error for one sample', async () => {
    const logDensities = tf.tensor1d([-2.5, -3.5]);
    const before = tf.memory().numTensors;
    const result = await negativeLogLikelihood(logDensities);
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ mean: 3, standardError: 0.5, count: 2 });
    logDensities.dispose();
    expect(Number.isNaN((await negativeLogLikelihood(new Float32Array([-1]))).standardError)).toBe(true);
  });

  it('rejects empty, non-finite and misshapen input', async () => {
    await expect(negativeLogLikelihood([])).rejects.toThrow(/logDensities is empty/);
    await expect(negativeLogLikelihood([-1, Number.NEGATIVE_INFINITY])).rejects.toThrow(/logDensities\[1\] is -Infinity/);
    const matrix = tf.zeros([2, 2]);
    await expect(negativeLogLikelihood(matrix)).rejects.toThrow(/must be a rank-1 tensor \(one value per sample\), got shape \[2, 2\]/);
    matrix.dispose();
    await expect(negativeLogLikelihood(3 as never)).rejects.toThrow(/rank-1 tensor or an array of numbers, got number/);
  });
});
