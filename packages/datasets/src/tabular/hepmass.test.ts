import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { preprocessHepmass } from './hepmass';

const NAMES = [...Array.from({ length: 27 }, (_, k) => `f${k}`), 'mass'];

/**
 * Signal rows with the HEPMASS layout (27 features + mass, label already removed): f21–f26 take a handful of values
 * (their smallest repeats), mass is constant, f3 repeats one value often but not its smallest.
 */
function signalRows(rows: number, seed: string) {
  const random = new Random(seed);
  const data = new Float64Array(rows * 28);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 21; j++) data[i * 28 + j] = j + random.normal();
    if (i % 10 === 0) data[i * 28 + 3] = 3.25;
    for (let j = 21; j < 27; j++) data[i * 28 + j] = random.int(3);
    data[i * 28 + 27] = 1000;
  }
  return { data, rows, cols: 28 };
}

describe('preprocessHepmass', () => {
  const train = signalRows(500, 'train');
  const test = signalRows(120, 'test');
  const dataset = preprocessHepmass(train, test, NAMES, { train: '1000_train.csv', test: '1000_test.csv' });

  it("drops the features whose smallest value repeats more than 5 times (MAF's rule), leaving d = 21", () => {
    expect(dataset.d).toBe(21);
    expect(dataset.columnNames).toEqual(NAMES.slice(0, 21));
  });

  it('standardizes both files with train statistics (ddof 1) and takes validation from the end of train', () => {
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual([450, 50, 120]);
    const { mean, std } = dataset.normalization;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 500; i++) {
      sum += train.data[i * 28 + 5];
      squares += train.data[i * 28 + 5] ** 2;
    }
    expect(mean[5]).toBeCloseTo(sum / 500, 12);
    expect(std[5]).toBeCloseTo(Math.sqrt((squares - (sum * sum) / 500) / 499), 10);
    expect(dataset.validation.data[0]).toBeCloseTo((train.data[450 * 28] - mean[0]) / std[0], 5);
    expect(dataset.test.data[7 * 21 + 4]).toBeCloseTo((test.data[7 * 28 + 4] - mean[4]) / std[4], 5);
  });

  it('requires the test file to have the same features', () => {
    const narrow = { data: new Float64Array(10 * 27), rows: 10, cols: 27 };
    expect(() => preprocessHepmass(train, narrow, NAMES, { train: 'a.csv', test: 'b.csv' })).toThrow(
      'b.csv has 27 feature columns after the label, but a.csv has 28',
    );
  });
});
