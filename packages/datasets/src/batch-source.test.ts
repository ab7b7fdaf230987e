import { describe, expect, it } from 'vitest';
import { matrixBatchSource, toyBatchSource } from './batch-source';
import type { DataMatrix } from './data-matrix';
import { sampleToy } from './toy/toy-datasets';

/** Row i holds (i, −i), so a batch's rows say which source rows they came from. */
function indexedMatrix(rows: number): DataMatrix {
  const data = new Float32Array(2 * rows);
  for (let i = 0; i < rows; i++) {
    data[2 * i] = i;
    data[2 * i + 1] = -i;
  }
  return { data, rows, cols: 2 };
}

const sourceRows = (batch: DataMatrix) => Array.from({ length: batch.rows }, (_, r) => batch.data[2 * r]);
const roundTrip = (state: unknown) => JSON.parse(JSON.stringify(state)) as unknown;

describe('toyBatchSource', () => {
  it('draws consecutive samples of one seeded stream', () => {
    const source = toyBatchSource('moons', 7);
    expect(source.d).toBe(2);
    const first = source.next(5);
    const second = source.next(3);
    expect(first.rows).toBe(5);
    expect(second.rows).toBe(3);
    expect(Array.from(toyBatchSource('moons', 7).next(5).data)).toEqual(Array.from(first.data));
    expect(Array.from(second.data)).not.toEqual(Array.from(first.data.subarray(0, 6)));
    expect(Array.from(first.data)).toEqual(Array.from(sampleToy('moons', 5, 7).data));
  });

  it('replays the same batches from a JSON round trip of its state', () => {
    const source = toyBatchSource('checkerboard', 'run');
    source.next(10);
    const saved = roundTrip(source.getState());
    const expected = [source.next(4), source.next(6)].map((b) => Array.from(b.data));
    const resumed = toyBatchSource('checkerboard', 'other seed');
    resumed.setState(saved);
    expect([resumed.next(4), resumed.next(6)].map((b) => Array.from(b.data))).toEqual(expected);
  });

  it('rejects unknown names and missing seeds with the valid choices', () => {
    expect(() => toyBatchSource('spiral' as never, 1)).toThrow(/unknown toy dataset "spiral".*8gaussians/);
    expect(() => toyBatchSource('moons', undefined as never)).toThrow(/seed must be a number or a string/);
  });
});

describe('matrixBatchSource', () => {
  it('gives full batches that cover every row once per epoch, reshuffled each epoch', () => {
    const source = matrixBatchSource(indexedMatrix(12), { seed: 3 });
    expect(source.getState()).toBeNull();
    const epochs = [0, 1].map(() => [source.next(4), source.next(4), source.next(4)]);
    for (const epoch of epochs) {
      expect(epoch.map((b) => b.rows)).toEqual([4, 4, 4]);
      expect(epoch.flatMap(sourceRows).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    }
    expect(epochs[1].flatMap(sourceRows)).not.toEqual(epochs[0].flatMap(sourceRows));
  });

  it('skips the short remainder of an epoch and returns the whole matrix when a batch exceeds it', () => {
    const source = matrixBatchSource(indexedMatrix(10), { seed: 1 });
    expect([source.next(4), source.next(4), source.next(4)].map((b) => b.rows)).toEqual([4, 4, 4]);
    const whole = matrixBatchSource(indexedMatrix(3), { seed: 1 }).next(8);
    expect(sourceRows(whole).sort()).toEqual([0, 1, 2]);
  });

  it('resumes mid-epoch from a JSON round trip of its state, and restarts from null', () => {
    const matrix = indexedMatrix(23);
    const source = matrixBatchSource(matrix, { seed: 'resume' });
    const fromStart = Array.from({ length: 3 }, () => sourceRows(source.next(5)));
    for (let k = 0; k < 4; k++) source.next(5);
    const saved = roundTrip(source.getState());
    const expected = Array.from({ length: 6 }, () => sourceRows(source.next(5)));
    const resumed = matrixBatchSource(matrix, { seed: 'resume' });
    resumed.setState(saved);
    expect(Array.from({ length: 6 }, () => sourceRows(resumed.next(5)))).toEqual(expected);
    resumed.setState(null);
    expect(Array.from({ length: 3 }, () => sourceRows(resumed.next(5)))).toEqual(fromStart);
  });

  it('explains a change of batch size, a bad state and a bad seed', () => {
    const source = matrixBatchSource(indexedMatrix(10), { seed: 0 });
    source.next(4);
    expect(() => source.next(5)).toThrow(/draws batches of 4 rows.*request for 5/);
    expect(() => source.setState({ epoch: 1 })).toThrow(/setState needs null or \{ batchSize, position \}/);
    expect(() => matrixBatchSource(indexedMatrix(4), {} as never)).toThrow(/options.seed must be a number or a string/);
    expect(() => matrixBatchSource(indexedMatrix(4), { seed: 0 }).next(0)).toThrow(/batch size must be a positive integer, got 0/);
  });
});
