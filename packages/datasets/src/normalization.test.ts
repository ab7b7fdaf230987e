import { describe, expect, it } from 'vitest';
import { columnStatistics, denormalize, normalize } from './normalization';

describe('normalization', () => {
  const matrix = { data: Float32Array.from([1, 10, 2, 20, 3, 60]), rows: 3, cols: 2 };

  it('computes numpy (ddof 0) and pandas (ddof 1) statistics in float64', () => {
    expect(columnStatistics(matrix, 0)).toEqual({ mean: [2, 30], std: [Math.sqrt(2 / 3), Math.sqrt(1400 / 3)] });
    expect(columnStatistics(matrix, 1).std).toEqual([1, Math.sqrt(700)]);
    // Only the first two rows (e.g. train + validation before the test split).
    expect(columnStatistics(matrix, 0, 2).mean).toEqual([1.5, 15]);
  });

  it('round-trips through normalize and denormalize', () => {
    const stats = columnStatistics(matrix, 1);
    const z = normalize(matrix, stats);
    expect(Array.from(z.data.filter((_, k) => k % 2 === 0))).toEqual([-1, 0, 1]);
    denormalize(z, stats).data.forEach((v, k) => expect(v).toBeCloseTo(matrix.data[k], 5));
  });

  it('refuses constant columns and malformed statistics', () => {
    expect(() => columnStatistics({ data: Float32Array.from([1, 5, 2, 5]), rows: 2, cols: 2 }, 0, 2, ['a', 'b'])).toThrow(
      'Column 1 ("b") is constant over the 2 rows used for the statistics, so it cannot be standardized; remove it.',
    );
    expect(() => denormalize(matrix, { mean: [0], std: [1] })).toThrow(
      'denormalize: normalization needs mean and std arrays with one entry per column (2), got mean of length 1 and std of length 1.',
    );
    expect(() => normalize(matrix, { mean: [0, 0], std: [1, 0] })).toThrow('normalize: normalization.std[1] must be a positive finite number, got 0.');
  });
});
