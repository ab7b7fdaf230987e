import { Random } from '@otflow/random';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { diagonalGaussianW2Squared, momentMatchedGaussian } from '../test/gaussian-points';
import type { PointArray } from './point-set';
import { wasserstein2 } from './wasserstein2';

/** min over all permutations σ of mean ‖x_i − y_σ(i)‖²: W₂² between equal-size uniform sets by definition. */
function bruteForceSquared(x: PointArray, y: PointArray): number {
  const n = x.rows;
  const d = x.cols;
  let best = Infinity;
  const visit = (i: number, used: boolean[], total: number): void => {
    if (i === n) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      let squared = 0;
      for (let k = 0; k < d; k++) squared += (x.data[i * d + k] - y.data[j * d + k]) ** 2;
      used[j] = true;
      visit(i + 1, used, total + squared);
      used[j] = false;
    }
  };
  visit(0, new Array<boolean>(n).fill(false), 0);
  return best / n;
}

/** 1-D W₂² = ∫₀¹ |F⁻¹(t) − G⁻¹(t)|² dt between uniform sets of any sizes: the sorted (quantile) coupling. */
function quantileSquared(x: number[], y: number[]): number {
  const xs = [...x].sort((a, b) => a - b);
  const ys = [...y].sort((a, b) => a - b);
  const breaks = [...new Set([...xs.map((_, i) => (i + 1) / xs.length), ...ys.map((_, j) => (j + 1) / ys.length)])].sort(
    (a, b) => a - b,
  );
  let total = 0;
  let previous = 0;
  for (const t of breaks) {
    const middle = (previous + t) / 2;
    total += (t - previous) * (xs[Math.floor(middle * xs.length)] - ys[Math.floor(middle * ys.length)]) ** 2;
    previous = t;
  }
  return total;
}

describe('wasserstein2', () => {
  it('exact: equals the brute-force minimum over all assignments', async () => {
    const random = new Random('w2-brute-force');
    for (let trial = 0; trial < 4; trial++) {
      const n = 4 + trial;
      const x = { data: random.normalArray(n * 3), rows: n, cols: 3 };
      const y = { data: random.normalArray(n * 3).map((v) => 2 * v + 0.5), rows: n, cols: 3 };
      const result = await wasserstein2(x, y);
      expect(result.method).toBe('exact');
      expect(result.squared).toBeCloseTo(bruteForceSquared(x, y), 12);
      expect(result.value).toBeCloseTo(Math.sqrt(result.squared), 12);
      expect(result.iterations).toBeUndefined();
    }
  });

  it('exact: handles unequal sizes, matching the 1-D quantile coupling', async () => {
    const random = new Random('w2-unequal');
    for (const [n, m] of [[4, 6], [5, 7], [1, 3], [12, 8]]) {
      const x = Array.from(random.normalArray(n));
      const y = Array.from(random.normalArray(m).map((v) => 1.5 * v - 0.3));
      const result = await wasserstein2({ data: x, rows: n, cols: 1 }, { data: y, rows: m, cols: 1 }, { method: 'exact' });
      expect(result.squared).toBeCloseTo(quantileSquared(x, y), 12);
    }
  });

  it('is zero between a set and itself and ‖c‖ between a set and its translate by c', async () => {
    const random = new Random('w2-translate');
    const x = { data: random.normalArray(40 * 2), rows: 40, cols: 2 };
    const moved = { ...x, data: x.data.map((v, k) => v + (k % 2 === 0 ? 3 : -4)) };
    expect((await wasserstein2(x, x)).value).toBe(0);
    expect((await wasserstein2(x, moved)).value).toBeCloseTo(5, 12);
    const sinkhorn = await wasserstein2(x, moved, { method: 'sinkhorn' });
    expect(sinkhorn.method).toBe('sinkhorn');
    expect(sinkhorn.value).toBeGreaterThanOrEqual(5);
    expect(sinkhorn.value).toBeLessThan(5.01);
  });

  // N((0,0), I) → N((1,−½), diag(¼, 9/4)): W₂² = ‖μ1 − μ2‖² + Σ(σ1 − σ2)² = 1.25 + 0.25 + 0.25 = 1.75.
  const mean2 = [1, -0.5];
  const scale2 = [0.5, 1.5];
  const closedForm = diagonalGaussianW2Squared([0, 0], [1, 1], mean2, scale2);

  it('exact on 800 + 800 Gaussian points: within the O(log n / n) bias of the closed form', async () => {
    const random = new Random('w2-gaussian-exact');
    const x = momentMatchedGaussian(random, 800, [0, 0], [1, 1]);
    const y = momentMatchedGaussian(random, 800, mean2, scale2);
    const result = await wasserstein2(x, y);
    expect(result.method).toBe('exact');
    // Empirical transport only overestimates on average; at n = 800 the excess measured 1.5–2% over six seeds.
    expect(result.squared / closedForm - 1).toBeGreaterThan(0);
    expect(result.squared / closedForm - 1).toBeLessThan(0.03);
  });

  it('sinkhorn on 1,000 + 1,000 Gaussian points: above the closed form by the sampling plus the entropic bias', async () => {
    const random = new Random('w2-gaussian-sinkhorn');
    const x = momentMatchedGaussian(random, 1000, [0, 0], [1, 1]);
    const y = momentMatchedGaussian(random, 1000, mean2, scale2);
    const result = await wasserstein2(x, y, { method: 'sinkhorn', epsilon: 0.01 });
    expect(result).toMatchObject({ method: 'sinkhorn', converged: true });
    expect(result.epsilon).toBeCloseTo(0.01 * (2 + 0.25 + 2.25), 12);
    // ε = 1% of the mean squared distance adds about 2% to the sampling excess; measured 3.5–4% over six seeds.
    expect(result.squared / closedForm - 1).toBeGreaterThan(0);
    expect(result.squared / closedForm - 1).toBeLessThan(0.06);
  });

  it("'auto' is exact up to lcm(n, m) = 1,000 points and sinkhorn above", async () => {
    const random = new Random('w2-auto');
    const set = (rows: number): PointArray => ({ data: random.normalArray(rows * 2), rows, cols: 2 });
    expect((await wasserstein2(set(40), set(25))).method).toBe('exact');
    const above = await wasserstein2(set(33), set(34));
    expect(above).toMatchObject({ method: 'sinkhorn', converged: true });
    expect(above.iterations).toBeGreaterThan(0);
  });

  it('reads tensors without leaking any', async () => {
    const x = tf.tensor2d([[0, 0], [1, 0], [0, 1]]);
    const y = tf.tensor2d([[0.5, 0.5], [1, 1], [2, -1]]);
    const before = tf.memory().numTensors;
    const fromTensors = await wasserstein2(x, y);
    expect(tf.memory().numTensors).toBe(before);
    const fromArrays = await wasserstein2(
      { data: [0, 0, 1, 0, 0, 1], rows: 3, cols: 2 },
      { data: [0.5, 0.5, 1, 1, 2, -1], rows: 3, cols: 2 },
    );
    expect(fromTensors.squared).toBeCloseTo(fromArrays.squared, 12);
    tf.dispose([x, y]);
  });

  it('rejects bad inputs and options with the offending argument named', async () => {
    const set = (rows: number, cols = 2): PointArray => ({ data: new Float64Array(rows * cols), rows, cols });
    await expect(wasserstein2(set(3), set(3, 3))).rejects.toThrow(/x and y must have the same dimension, got 2 and 3/);
    await expect(wasserstein2(set(0), set(3))).rejects.toThrow(/x is empty/);
    await expect(wasserstein2(set(2), { data: [0, Number.POSITIVE_INFINITY], rows: 1, cols: 2 })).rejects.toThrow(
      /y has a non-finite coordinate Infinity at row 0, column 1/,
    );
    await expect(wasserstein2(set(100), set(101), { method: 'exact' })).rejects.toThrow(
      /lcm\(n, m\) = 10100-point assignment \(n=100, m=101\), more than the 3000 it allows/,
    );
    await expect(wasserstein2(set(8000), set(8000), { method: 'sinkhorn' })).rejects.toThrow(
      /n·m = 64000000 exceeds 50000000; subsample/,
    );
    await expect(wasserstein2(set(2), set(2), { method: 'lp' as never })).rejects.toThrow(/method must be one of exact, sinkhorn, auto/);
    await expect(wasserstein2(set(2), set(2), { epsilon: -1 })).rejects.toThrow(/epsilon must be a positive finite number/);
    await expect(wasserstein2(set(2), set(2), { maxIterations: 0 })).rejects.toThrow(/maxIterations must be a positive integer, got 0/);
    await expect(wasserstein2(set(2), set(2), { tolerance: Number.NaN })).rejects.toThrow(/tolerance must be a positive finite number, got NaN/);
  });
});
