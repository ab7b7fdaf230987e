import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans } from '../../test/statistics';
import { preprocessGas } from './gas';

const SENSORS = Array.from({ length: 16 }, (_, k) => `s${k}`);
const NAMES = ['Time', 'Meth', 'Eth', ...SENSORS];

/**
 * The MAF GAS layout (Time, Meth, Eth, 16 sensors) with a known correlation structure: s0, s1, s2 all alike; pairs
 * (s3, s4) … (s13, s14) alike; s15 = −s14 + noise (correlation −0.99: only counts if the sign were ignored).
 */
function rawGas(rows: number) {
  const random = new Random('gas-raw');
  const data = new Float64Array(rows * NAMES.length);
  for (let i = 0; i < rows; i++) {
    const base = Array.from({ length: 8 }, () => random.normal());
    const sensors = new Array<number>(16);
    sensors[0] = 10 * base[0];
    sensors[1] = 10 * base[0] + random.normal();
    sensors[2] = 10 * base[0] + random.normal();
    for (let p = 0; p < 6; p++) {
      sensors[3 + 2 * p] = 10 * base[1 + p] + 50;
      sensors[4 + 2 * p] = 10 * base[1 + p] + random.normal();
    }
    sensors[15] = -sensors[14] + random.normal();
    // Time and Meth copy sensor 15: were they not dropped first, s15 would be removed too.
    const row = [sensors[15], sensors[15], random.normal(), ...sensors];
    data.set(row, i * NAMES.length);
  }
  return { data, rows, cols: NAMES.length };
}

describe('preprocessGas', () => {
  const raw = rawGas(2000);
  const dataset = preprocessGas(raw, NAMES, 'gas/ethylene_CO.csv');

  it('drops Meth, Eth, Time, then the first column of each > 0.98 (signed) correlation, until none is left', () => {
    expect(dataset.columnNames).toEqual(['s2', 's4', 's6', 's8', 's10', 's12', 's14', 's15']);
    expect(dataset.d).toBe(8);
  });

  it('standardizes with all rows (pandas std, ddof 1) and splits without shuffling', () => {
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual([1620, 180, 200]);
    const all = { data: new Float32Array(dataset.train.data.buffer, 0, 2000 * 8), rows: 2000, cols: 8 };
    columnMeans(all).forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    for (let j = 0; j < 8; j++) {
      let squares = 0;
      for (let i = 0; i < 2000; i++) squares += all.data[i * 8 + j] ** 2;
      expect(squares / 1999).toBeCloseTo(1, 5);
    }
    const s2 = NAMES.indexOf('s2');
    const { mean, std } = dataset.normalization;
    expect(dataset.test.data[0]).toBeCloseTo((raw.data[1800 * NAMES.length + s2] - mean[0]) / std[0], 5);
  });

  it('requires the Meth, Eth and Time columns and no pandas index column', () => {
    expect(() => preprocessGas(raw, ['Time', 'CH4', 'Eth', ...SENSORS], 'gas.csv')).toThrow(
      'gas.csv lacks the column "Meth" of the MAF GAS data (header: Time, CH4, Eth, s0',
    );
    expect(() => preprocessGas({ data: new Float64Array(20 * 20), rows: 20, cols: 20 }, ['', ...NAMES], 'gas.csv')).toThrow(
      'gas.csv starts with an unnamed column (a pandas index); export it again with to_csv(..., index=False).',
    );
  });
});
