import { Random } from '@otflow/random';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mmdSquared } from './mmd-squared';
import type { PointArray } from './point-set';

/** numerics §8 evaluated term by term in float64: the reference the tiled float32 computation must match. */
function bruteForceMmd(x: PointArray, y: PointArray, estimator: 'unbiased' | 'biased', bandwidth = 1): number {
  const d = x.cols;
  const kernelSum = (a: PointArray, b: PointArray, skipDiagonal: boolean): number => {
    let total = 0;
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < b.rows; j++) {
        if (skipDiagonal && i === j) continue;
        let squared = 0;
        for (let k = 0; k < d; k++) squared += (a.data[i * d + k] - b.data[j * d + k]) ** 2;
        total += Math.exp(-squared / bandwidth);
      }
    }
    return total;
  };
  const n = x.rows;
  const m = y.rows;
  const cross = (2 * kernelSum(x, y, false)) / (n * m);
  if (estimator === 'unbiased') {
    return kernelSum(x, x, true) / (n * (n - 1)) + kernelSum(y, y, true) / (m * (m - 1)) - cross;
  }
  return kernelSum(x, x, false) / (n * n) + kernelSum(y, y, false) / (m * m) - cross;
}

function normalPoints(random: Random, rows: number, cols: number, shift = 0, scale = 1): PointArray {
  const data = random.normalArray(rows * cols).map((v, k) => scale * v + (k % cols === 0 ? shift : 0));
  return { data, rows, cols };
}

interface RepeatedPoints {
  points: PointArray;
  locations: PointArray;
  counts: number[];
}

/** Σ_ij k(a_i, b_j) over all pairs of two 2-D sets built from repeated locations. */
function weightedKernelSum(a: RepeatedPoints, b: RepeatedPoints): number {
  let total = 0;
  for (let p = 0; p < a.counts.length; p++) {
    for (let q = 0; q < b.counts.length; q++) {
      const squared =
        (a.locations.data[2 * p] - b.locations.data[2 * q]) ** 2 +
        (a.locations.data[2 * p + 1] - b.locations.data[2 * q + 1]) ** 2;
      total += a.counts[p] * b.counts[q] * Math.exp(-squared);
    }
  }
  return total;
}

describe('mmdSquared', () => {
  const specX = tf.tensor2d([[0, 0], [1, 0], [0, 1]]);
  const specY = tf.tensor2d([[0.5, 0.5], [1, 1], [2, -1]]);

  it('reproduces the numerics §11 vectors in both forms', async () => {
    const unbiased = await mmdSquared(specX, specY, { estimator: 'unbiased' });
    const biased = await mmdSquared(specX, specY, { estimator: 'biased' });
    expect(unbiased.estimator).toBe('unbiased');
    expect(unbiased.value).toBeCloseTo(-0.13108604096, 6);
    expect(biased.estimator).toBe('biased');
    expect(biased.value).toBeCloseTo(0.36941709583, 6);
    expect(biased).toMatchObject({ bandwidth: 1, n: 3, m: 3 });
  });

  it('matches the float64 brute force with several tiles, a partial tile and another bandwidth', async () => {
    const random = new Random('mmd-brute-force');
    const x = normalPoints(random, 157, 3);
    const y = normalPoints(random, 130, 3, 0.4, 1.3);
    for (const estimator of ['unbiased', 'biased'] as const) {
      const expected = bruteForceMmd(x, y, estimator, 0.7);
      for (const blockSize of [32, 50, 4096]) {
        const result = await mmdSquared(x, y, { estimator, bandwidth: 0.7, blockSize });
        expect(result.value).toBeCloseTo(expected, 6);
      }
    }
  });

  it('gives the same value for a tensor and the same points as an array', async () => {
    const random = new Random('mmd-inputs');
    const x = normalPoints(random, 40, 2);
    const y = normalPoints(random, 30, 2, 1);
    const fromArrays = await mmdSquared(x, y, { estimator: 'unbiased' });
    const xTensor = tf.tensor2d(Float32Array.from(x.data), [40, 2]);
    const fromTensors = await mmdSquared(xTensor, { data: Float32Array.from(y.data), rows: 30, cols: 2 });
    xTensor.dispose();
    expect(fromTensors.estimator).toBe('unbiased');
    expect(fromTensors.value).toBeCloseTo(fromArrays.value, 6);
  });

  it("'auto' follows the reference: unbiased up to max(n, m)·d = 20,000 numbers, biased above", async () => {
    const random = new Random('mmd-auto');
    const d = 200;
    const atLimit = await mmdSquared(normalPoints(random, 100, d), normalPoints(random, 60, d));
    expect(atLimit.estimator).toBe('unbiased');
    const aboveLimit = await mmdSquared(normalPoints(random, 60, d), normalPoints(random, 101, d));
    expect(aboveLimit.estimator).toBe('biased');
    const singlePoint = await mmdSquared({ data: [0, 0], rows: 1, cols: 2 }, specY);
    expect(singlePoint.estimator).toBe('biased');
  });

  it('sums 20,000 × 20,000 2-D points tile by tile without keeping tensors, matching the exact value', async () => {
    // The points repeat a few distinct locations, so the float64 reference is a sum over location pairs with counts.
    const random = new Random('mmd-large');
    const n = 20_000;
    const sample = (locations: PointArray): RepeatedPoints => {
      const counts = new Array<number>(locations.rows).fill(0);
      const data = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const location = random.int(locations.rows);
        counts[location] += 1;
        data[2 * i] = locations.data[2 * location];
        data[2 * i + 1] = locations.data[2 * location + 1];
      }
      return { points: { data, rows: n, cols: 2 }, locations, counts };
    };
    const x = sample(normalPoints(random, 40, 2));
    const y = sample(normalPoints(random, 30, 2, 0.5));
    const expected = (weightedKernelSum(x, x) + weightedKernelSum(y, y) - 2 * weightedKernelSum(x, y)) / (n * n);
    const tensorsBefore = tf.memory().numTensors;
    const result = await mmdSquared(x.points, y.points);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(result.estimator).toBe('biased');
    expect(result.value).toBeCloseTo(expected, 6);
  });

  it('leaves no tensors behind, also when it throws', async () => {
    const before = tf.memory().numTensors;
    await mmdSquared(specX, specY, { blockSize: 2 });
    await expect(mmdSquared(specX, { data: [0, 0, 1], rows: 1, cols: 3 })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad inputs and options with the offending argument named', async () => {
    const three = { data: [0, 0, 0], rows: 1, cols: 3 };
    await expect(mmdSquared(specX, three)).rejects.toThrow(/x and y must have the same dimension, got 2 and 3/);
    await expect(mmdSquared({ data: [], rows: 0, cols: 2 }, specY)).rejects.toThrow(/x is empty/);
    await expect(mmdSquared(specX, { data: [0, 1, Number.NaN, 2], rows: 2, cols: 2 })).rejects.toThrow(
      /y has a non-finite coordinate NaN at row 1, column 0/,
    );
    await expect(mmdSquared(specX, { data: [0, 1, 2], rows: 2, cols: 2 })).rejects.toThrow(/y.data must hold rows × cols = 4/);
    const vector = tf.tensor1d([1, 2]);
    await expect(mmdSquared(vector as never, specY)).rejects.toThrow(/x must be a rank-2 tensor \(points × dimensions\), got shape \[2\]/);
    vector.dispose();
    await expect(mmdSquared(specX, specY, { bandwidth: 0 })).rejects.toThrow(/bandwidth must be a positive finite number, got 0/);
    await expect(mmdSquared(specX, specY, { blockSize: 1.5 })).rejects.toThrow(/blockSize must be a positive integer/);
    await expect(mmdSquared(specX, specY, { estimator: 'v' as never })).rejects.toThrow(/estimator must be one of unbiased, biased, auto/);
    await expect(mmdSquared({ data: [0, 0], rows: 1, cols: 2 }, specY, { estimator: 'unbiased' })).rejects.toThrow(
      /unbiased estimator needs at least 2 points in each set, got n=1, m=3/,
    );
  });
});
