import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { inverseError } from './inverse-error';

describe('inverseError', () => {
  it('averages the Euclidean round-trip distances and reports the largest', async () => {
    const x = { data: [0, 0, 1, 1, 2, 2], rows: 3, cols: 2 };
    const reconstructed = { data: [3, 4, 1, 1, 2, 1], rows: 3, cols: 2 };
    expect(await inverseError(x, reconstructed)).toEqual({ mean: 2, max: 5, count: 3 });
  });

  it('reads tensors without leaking', async () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const reconstructed = tf.tensor2d([[1, 2, 3.5]]);
    const before = tf.memory().numTensors;
    const result = await inverseError(x, reconstructed);
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toEqual({ mean: 0.5, max: 0.5, count: 1 });
    tf.dispose([x, reconstructed]);
  });

  it('rejects mismatched shapes and a diverged reconstruction', async () => {
    const x = { data: [0, 0, 1, 1], rows: 2, cols: 2 };
    await expect(inverseError(x, { data: [0, 0], rows: 1, cols: 2 })).rejects.toThrow(
      /x and reconstructed must have the same shape, got 2 × 2 and 1 × 2/,
    );
    await expect(inverseError(x, { data: [0, 0, Number.NaN, 1], rows: 2, cols: 2 })).rejects.toThrow(
      /reconstructed has a non-finite coordinate NaN at row 1, column 0/,
    );
  });
});
