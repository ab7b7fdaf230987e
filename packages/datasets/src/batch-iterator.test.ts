import { describe, expect, it } from 'vitest';
import { createBatchIterator } from './batch-iterator';
import type { DataMatrix } from './data-matrix';

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

describe('createBatchIterator', () => {
  it('visits every row once per epoch in a new seeded order, copying whole rows', () => {
    const matrix = indexedMatrix(10);
    const batches = createBatchIterator(matrix, { batchSize: 4, seed: 1 });
    expect(batches.batchesPerEpoch).toBe(3);
    const epochs: number[][] = [];
    for (let e = 0; e < 3; e++) {
      expect(batches.epoch).toBe(e);
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const batch of batches.epochBatches()) {
        sizes.push(batch.rows);
        for (let r = 0; r < batch.rows; r++) expect(batch.data[2 * r + 1]).toBe(-batch.data[2 * r]);
        seen.push(...sourceRows(batch));
      }
      expect(sizes).toEqual([4, 4, 2]);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      epochs.push(seen);
    }
    expect(epochs[1]).not.toEqual(epochs[0]);
    const again = createBatchIterator(matrix, { batchSize: 4, seed: 1 });
    expect([...again.epochBatches()].flatMap(sourceRows)).toEqual(epochs[0]);
  });

  it('gives views in order without shuffling, and drops the short batch on request', () => {
    const matrix = indexedMatrix(10);
    const batches = createBatchIterator(matrix, { batchSize: 4, shuffle: false, dropLast: true });
    const first = batches.nextBatch();
    expect(first.data.buffer).toBe(matrix.data.buffer);
    expect(sourceRows(first)).toEqual([0, 1, 2, 3]);
    expect(sourceRows(batches.nextBatch())).toEqual([4, 5, 6, 7]);
    expect(batches.epoch).toBe(1);
    expect(sourceRows(batches.nextBatch())).toEqual([0, 1, 2, 3]);
  });

  it('resumes mid-epoch from a JSON round trip of state()', () => {
    const matrix = indexedMatrix(23);
    const reference = createBatchIterator(matrix, { batchSize: 5, seed: 'resume' });
    for (let k = 0; k < 7; k++) reference.nextBatch();
    const saved = JSON.parse(JSON.stringify(reference.state()));
    expect(saved).toMatchObject({ epoch: 1, batchIndex: 2 });
    const expected = Array.from({ length: 9 }, () => sourceRows(reference.nextBatch()));
    const resumed = createBatchIterator(matrix, { batchSize: 5, seed: 'ignored on resume', resumeFrom: saved });
    expect(Array.from({ length: 9 }, () => sourceRows(resumed.nextBatch()))).toEqual(expected);
    // At an epoch boundary too.
    const boundary = createBatchIterator(matrix, { batchSize: 5, seed: 3 });
    for (let k = 0; k < 5; k++) boundary.nextBatch();
    const atBoundary = boundary.state();
    const next = sourceRows(boundary.nextBatch());
    expect(sourceRows(createBatchIterator(matrix, { batchSize: 5, seed: 0, resumeFrom: atBoundary }).nextBatch())).toEqual(next);
  });

  it('handles a 1.6M-row matrix by copying only the batch', () => {
    const rows = 1_600_000;
    const matrix = { data: new Float32Array(rows * 6), rows, cols: 6 };
    const batches = createBatchIterator(matrix, { batchSize: 10_000, seed: 2 });
    const batch = batches.nextBatch();
    expect(batch.data.length).toBe(60_000);
    expect(batch.data.buffer).not.toBe(matrix.data.buffer);
    expect(batches.batchesPerEpoch).toBe(160);
  });

  it('rejects bad options with messages that say how to fix them', () => {
    const matrix = indexedMatrix(10);
    expect(() => createBatchIterator(matrix, { batchSize: 0, seed: 1 })).toThrow('batchSize must be a positive integer, got 0');
    expect(() => createBatchIterator(matrix, { batchSize: 4 })).toThrow('shuffle is on, so a seed is required (e.g. seed: 0), or pass shuffle: false');
    expect(() => createBatchIterator(matrix, { batchSize: 11, seed: 1, dropLast: true })).toThrow(
      'batchSize 11 exceeds the 10 rows, so dropLast would leave no batches',
    );
    expect(() => createBatchIterator({ data: new Float32Array(0), rows: 0, cols: 2 }, { batchSize: 1, seed: 1 })).toThrow('has no rows');
    expect(() => createBatchIterator(matrix, { batchSize: 4, seed: 1, resumeFrom: { epoch: 0, batchIndex: 3, random: null } })).toThrow(
      /0 ≤ batchIndex < 3/,
    );
    expect(() => createBatchIterator(matrix, { batchSize: 4, seed: 1, resumeFrom: { epoch: 0, batchIndex: 1, random: null } })).toThrow(
      'resumeFrom was saved without shuffling',
    );
  });
});
