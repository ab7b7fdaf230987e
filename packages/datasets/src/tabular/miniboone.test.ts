import { describe, expect, it } from 'vitest';
import { columnStatistics } from '../normalization';
import { preprocessMiniboone } from './miniboone';

describe('preprocessMiniboone', () => {
  it('keeps the file order, splits like POWER and standardizes with train+validation statistics', () => {
    const rows = 200;
    const data = Float64Array.from({ length: rows * 43 }, (_, k) => Math.floor(k / 43) + (k % 43) * ((k * 7919) % 13));
    const dataset = preprocessMiniboone({ data, rows, cols: 43 }, 'miniboone/data.npy');
    expect(dataset).toMatchObject({ name: 'miniboone', d: 43 });
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual([162, 18, 20]);
    const expected = columnStatistics({ data, rows, cols: 43 }, 0, 180);
    expect(dataset.normalization).toEqual(expected);
    // Row 190 of the file is row 10 of test: no shuffle.
    expect(dataset.test.data[10 * 43]).toBeCloseTo((data[190 * 43] - expected.mean[0]) / expected.std[0], 5);
  });

  it('rejects a file without 43 columns', () => {
    expect(() => preprocessMiniboone({ data: new Float64Array(50 * 42), rows: 50, cols: 42 }, 'm.npy')).toThrow(
      'm.npy has 42 columns, but the MAF MINIBOONE file has 43',
    );
  });
});
