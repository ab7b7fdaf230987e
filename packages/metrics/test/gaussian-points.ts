import type { Random } from '@otflow/random';
import type { PointArray } from '../src/point-set';

/**
 * n points of the diagonal Gaussian N(mean, diag(scale²)) whose sample mean and per-coordinate sample variance are
 * exactly mean and scale². The Kantorovich potentials between diagonal Gaussians are sums of per-coordinate
 * quadratics, so these samples carry no first-order sampling error into W₂²: only the O(log n / n) bias of
 * empirical transport remains.
 */
export function momentMatchedGaussian(random: Random, n: number, mean: number[], scale: number[]): PointArray {
  const d = mean.length;
  const data = random.normalArray(n * d);
  for (let k = 0; k < d; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[i * d + k];
    const sampleMean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (data[i * d + k] - sampleMean) ** 2;
    const sampleDeviation = Math.sqrt(squares / n);
    for (let i = 0; i < n; i++) data[i * d + k] = mean[k] + (scale[k] * (data[i * d + k] - sampleMean)) / sampleDeviation;
  }
  return { data, rows: n, cols: d };
}

/** W₂² between N(μ1, diag(σ1²)) and N(μ2, diag(σ2²)): ‖μ1 − μ2‖² + Σ_k (σ1_k − σ2_k)² (commuting covariances). */
export function diagonalGaussianW2Squared(mean1: number[], scale1: number[], mean2: number[], scale2: number[]): number {
  let total = 0;
  for (let k = 0; k < mean1.length; k++) total += (mean1[k] - mean2[k]) ** 2 + (scale1[k] - scale2[k]) ** 2;
  return total;
}
