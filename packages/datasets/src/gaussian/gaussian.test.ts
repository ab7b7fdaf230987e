import { describe, expect, it } from 'vitest';
import { columnMeans, covariance, mean } from '../../test/statistics';
import type { DataMatrix } from '../data-matrix';
import { createGaussian, createRandomGaussian } from './gaussian';
import { symmetricEigen } from './symmetric-eigen';

const matrix = (rows: readonly (readonly number[])[]): DataMatrix => ({ data: Float32Array.from(rows.flat()), rows: rows.length, cols: rows[0].length });

describe('createGaussian', () => {
  it('gives the numerics §6 closed forms for a diagonal covariance', () => {
    const g = createGaussian({ mean: [1, -2], covariance: [[4, 0], [0, 0.25]] });
    // ½(‖μ‖² + tr Σ + d − 2 tr Σ^{1/2}) = ½(5 + 4.25 + 2 − 2·2.5) = 3.125.
    expect(g.halfW2Squared).toBeCloseTo(3.125, 14);
    // ½ log det(2πeΣ) with det Σ = 1.
    expect(g.entropy).toBeCloseTo(Math.log(2 * Math.PI * Math.E), 14);
    expect(Array.from(g.otMap(matrix([[3, -2], [1, -1.5]])).data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(g.inverseOtMap(matrix([[1, 0], [0, 1]])).data)).toEqual([3, -2, 1, -1.5]);
    expect(Array.from(g.otPath(matrix([[3, -2]]), 0.5).data)).toEqual([2, -1]);
  });

  it('computes log ρ0 like the textbook 2-D formula', () => {
    const sigma = [[2, 0.6], [0.6, 1]];
    const mu = [0.5, -1];
    const g = createGaussian({ mean: mu, covariance: sigma });
    const det = sigma[0][0] * sigma[1][1] - sigma[0][1] ** 2;
    const points = [[0, 0], [1.5, -2], [-1, 3]];
    const log = g.logDensity(matrix(points));
    points.forEach(([x, y], i) => {
      const dx = x - mu[0];
      const dy = y - mu[1];
      const quadratic = (sigma[1][1] * dx * dx - 2 * sigma[0][1] * dx * dy + sigma[0][0] * dy * dy) / det;
      expect(log[i]).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quadratic, 6);
    });
  });

  it('rejects malformed means and covariances with messages that say what is wrong', () => {
    expect(() => createGaussian({ mean: [], covariance: [] })).toThrow('createGaussian: mean must be a non-empty array of numbers, got [].');
    expect(() => createGaussian({ mean: [0, Number.NaN], covariance: [[1, 0], [0, 1]] })).toThrow('mean[1] must be a finite number, got NaN');
    expect(() => createGaussian({ mean: [0, 0], covariance: [[1, 0]] })).toThrow(
      'covariance must be a 2 × 2 array (d = mean.length = 2), got an array of length 1',
    );
    expect(() => createGaussian({ mean: [0, 0], covariance: [[1, 0], [0]] })).toThrow('covariance[1] must have 2 entries');
    expect(() => createGaussian({ mean: [0, 0], covariance: [[1, 0.5], [0.4, 1]] })).toThrow(
      'covariance must be symmetric, but covariance[0][1] = 0.5 and covariance[1][0] = 0.4',
    );
    expect(() => createGaussian({ mean: [0, 0], covariance: [[1, 2], [2, 1]] })).toThrow(
      'covariance must be positive definite, but its smallest eigenvalue is -1 (largest 3)',
    );
    expect(() => createGaussian({ mean: [0], covariance: [[Infinity]] })).toThrow('covariance[0][0] must be a finite number, got Infinity');
  });

  it('checks the points and t it is given', () => {
    const g = createGaussian({ mean: [0, 0, 0], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    expect(() => g.otMap(matrix([[1, 2]]))).toThrow('GaussianData.otMap(x): points must have 3 columns (the data dimension), got 2.');
    expect(() => g.otPath(matrix([[1, 2, 3]]), 1.5)).toThrow('GaussianData.otPath(x, t): t must be in [0, 1], got 1.5.');
    expect(() => g.logDensity({ data: new Float32Array(5), rows: 2, cols: 3 })).toThrow(/inconsistent: rows = 2, cols = 3, but data holds 5/);
    expect(() => g.sample(0, 1)).toThrow('GaussianData.sample(n) must be a positive integer');
  });
});

describe('createRandomGaussian', () => {
  const d = 5;
  const g = createRandomGaussian({ dimension: d, seed: 17 });
  const n = 40_000;
  const x = g.sample(n, 3);

  it('builds a rotated anisotropic covariance with eigenvalues spread over [0.25, 4] and a non-zero mean', () => {
    const { values, vectors } = symmetricEigen(g.covariance.flat(), d);
    Array.from(values).forEach((lambda, k) => expect(lambda).toBeCloseTo(0.25 * 16 ** (k / (d - 1)), 12));
    // Rotated: no eigenvector is a coordinate axis.
    for (let k = 0; k < d; k++) {
      let largest = 0;
      for (let i = 0; i < d; i++) largest = Math.max(largest, Math.abs(vectors[i * d + k]));
      expect(largest).toBeLessThan(0.999);
    }
    expect(Math.hypot(...g.mean)).toBeGreaterThan(0.1);
    expect(createRandomGaussian({ dimension: d, seed: 17 }).covariance).toEqual(g.covariance);
    expect(createRandomGaussian({ dimension: d, seed: 18 }).mean).not.toEqual(g.mean);
    expect(createRandomGaussian({ dimension: 1, seed: 1, varianceRange: [2, 2] }).covariance).toEqual([[2]]);
  });

  it('samples with the stated mean and covariance, and the OT map sends them to N(0, I)', () => {
    const sampleMean = columnMeans(x);
    const sampleCov = covariance(x);
    const z = g.otMap(x);
    const mappedMean = columnMeans(z);
    const mappedCov = covariance(z);
    for (let i = 0; i < d; i++) {
      expect(Math.abs(sampleMean[i] - g.mean[i])).toBeLessThan(5 * Math.sqrt(4 / n));
      expect(Math.abs(mappedMean[i])).toBeLessThan(5 / Math.sqrt(n));
      for (let j = 0; j < d; j++) {
        expect(Math.abs(sampleCov[i][j] - g.covariance[i][j])).toBeLessThan(0.1);
        expect(Math.abs(mappedCov[i][j] - (i === j ? 1 : 0))).toBeLessThan(0.05);
      }
    }
  });

  it('has transport cost ½‖T(x) − x‖² averaging ½W₂², the entropy as mean −log ρ0, and T symmetric', () => {
    const z = g.otMap(x);
    const cost = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) cost[i] += 0.5 * (z.data[i * d + j] - x.data[i * d + j]) ** 2;
    }
    expect(mean(cost) / g.halfW2Squared).toBeCloseTo(1, 1);
    expect(-mean(g.logDensity(x))).toBeCloseTo(g.entropy, 1);
    // The OT map's linear part Σ^{−1/2} is symmetric: the gradient of a convex potential (Brenier).
    const probes = matrix([g.mean, ...g.mean.map((_, j) => g.mean.map((m, i) => m + (i === j ? 1 : 0)))]);
    const mapped = g.otMap(probes);
    const column = (j: number, i: number) => mapped.data[(j + 1) * d + i] - mapped.data[i];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(column(j, i)).toBeCloseTo(column(i, j), 5);
  });

  it('has the OT path running from x to T(x) and T⁻¹ undoing T', () => {
    const head = { data: x.data.subarray(0, 10 * d), rows: 10, cols: d };
    expect(g.otPath(head, 0).data).toEqual(head.data);
    expect(g.otPath(head, 1).data).toEqual(g.otMap(head).data);
    g.inverseOtMap(g.otMap(head)).data.forEach((v, k) => expect(v).toBeCloseTo(head.data[k], 4));
  });

  it('rejects bad options', () => {
    expect(() => createRandomGaussian({ dimension: 0, seed: 1 })).toThrow('dimension must be a positive integer, got 0');
    expect(() => createRandomGaussian({ dimension: 2, seed: 1, varianceRange: [0, 1] })).toThrow(
      'varianceRange must be [low, high] with 0 < low ≤ high, got [0, 1]',
    );
  });
});
