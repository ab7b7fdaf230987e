import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans, standardDeviation } from '../../test/statistics';
import { denormalize } from '../normalization';
import { preprocessPower } from './power';

/** A stand-in with the MAF layout: 8 columns, the last (time) holding the row number so rows can be traced. */
function rawPower(rows: number) {
  const data = new Float64Array(rows * 8);
  const random = new Random('power-raw');
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 7; j++) data[i * 8 + j] = 100 * j + random.normal();
    data[i * 8 + 7] = i;
  }
  return { data, rows, cols: 8 };
}

describe('preprocessPower', () => {
  const raw = rawPower(1000);
  const dataset = preprocessPower(raw, new Random(42), 'power/data.npy');

  it('splits 10% test and 10% of the rest validation, with d = 6', () => {
    expect(dataset).toMatchObject({ name: 'power', d: 6, columnNames: null });
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual([810, 90, 100]);
    for (const split of [dataset.train, dataset.validation, dataset.test]) expect(split.cols).toBe(6);
  });

  it('shuffles rows, drops columns 3 and 1, and adds MAF noise: 0.001·U, 0.01·U, U, U, U, none', () => {
    const seen = new Set<number>();
    for (const split of [dataset.train, dataset.validation, dataset.test]) {
      const units = denormalize(split, dataset.normalization);
      for (let r = 0; r < units.rows; r++) {
        const row = Array.from(units.data.subarray(r * 6, r * 6 + 6));
        const source = Math.round(row[5]);
        expect(Math.abs(row[5] - source)).toBeLessThan(1e-3);
        seen.add(source);
        const original = [0, 2, 4, 5, 6].map((j) => raw.data[source * 8 + j]);
        const noise = row.slice(0, 5).map((v, k) => v - original[k]);
        const limits = [0.001, 0.01, 1, 1, 1];
        noise.forEach((e, k) => {
          expect(e).toBeGreaterThan(-2e-4);
          expect(e).toBeLessThan(limits[k] + 2e-4);
        });
      }
    }
    expect(seen.size).toBe(1000);
    const firstTrainSource = Math.round(denormalize(dataset.train, dataset.normalization).data[5]);
    expect(firstTrainSource).not.toBe(0);
  });

  it('standardizes with train+validation statistics (numpy std, ddof 0)', () => {
    const rows = dataset.train.rows + dataset.validation.rows;
    // The splits are consecutive views of one array, train first.
    expect(dataset.validation.data.buffer).toBe(dataset.train.data.buffer);
    const trainAndValidation = { data: new Float32Array(dataset.train.data.buffer, 0, rows * 6), rows, cols: 6 };
    columnMeans(trainAndValidation).forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    for (let j = 0; j < 6; j++) {
      const column = Float64Array.from({ length: rows }, (_, i) => trainAndValidation.data[i * 6 + j]);
      expect(standardDeviation(column)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic under a seed', () => {
    expect(preprocessPower(raw, new Random(42), 'p').train.data).toEqual(dataset.train.data);
    expect(preprocessPower(raw, new Random(43), 'p').train.data).not.toEqual(dataset.train.data);
  });

  it('rejects a file without the 8 MAF columns', () => {
    expect(() => preprocessPower({ data: new Float64Array(70), rows: 10, cols: 7 }, new Random(1), 'power/data.npy')).toThrow(
      'power/data.npy has 7 columns, but the MAF POWER file (7 measurements + time) has 8; check that this is the right file from the MAF data bundle.',
    );
    expect(() => preprocessPower({ data: new Float64Array(80), rows: 10, cols: 8 }, new Random(1), 'power/data.npy')).toThrow(
      'power/data.npy: 10 rows are too few to split off 10% test and 10% validation rows; at least 20 are needed.',
    );
  });
});
