// A plain-JS float64 evaluation of numerics §2–§3, one sample at a time, written straight from the formulas (no
// layout tricks): the tests compare the batched tfjs code against it.
import type { PotentialConfig } from '../src/potential-config';

export type WeightArrays = Record<string, ArrayLike<number>>;

const sigma = (x: number): number => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));

function matrix(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]));
}

export interface ReferenceResult {
  value: number;
  gradient: number[];
  trace: number;
}

/** Φ(s), ∇_sΦ(s) and tr ∇²_xΦ(s) in float64. */
export function evaluateReference(config: PotentialConfig, weights: WeightArrays, s: number[]): ReferenceResult {
  const { d, m, nTh, r } = config;
  const M = nTh - 1;
  const h = 1 / M;
  const K = [matrix(weights.K0, m, d + 1)];
  const bias = [Array.from(weights.b0)];
  for (let i = 1; i <= M; i++) {
    K.push(matrix(weights[`K${i}`], m, m));
    bias.push(Array.from(weights[`b${i}`]));
  }
  const w = Array.from(weights.w);
  const A = matrix(weights.A, r, d + 1);
  const b = Array.from(weights.b);
  const c = weights.c[0];
  const AtA = Array.from({ length: d + 1 }, (_, i) =>
    Array.from({ length: d + 1 }, (_, j) => A.reduce((sum, row) => sum + row[i] * row[j], 0)),
  );
  const apply = (Km: number[][], v: number[], bv: number[]): number[] =>
    Km.map((row, k) => row.reduce((sum, value, j) => sum + value * v[j], bv[k]));

  // Forward.
  const a = [apply(K[0], s, bias[0])];
  let u = a[0].map(sigma);
  for (let i = 1; i <= M; i++) {
    a.push(apply(K[i], u, bias[i]));
    u = u.map((value, k) => value + h * sigma(a[i][k]));
  }
  const As = AtA.map((row) => row.reduce((sum, value, j) => sum + value * s[j], 0));
  const value =
    w.reduce((sum, wk, k) => sum + wk * u[k], 0) +
    0.5 * s.reduce((sum, sj, j) => sum + sj * As[j], 0) +
    b.reduce((sum, bj, j) => sum + bj * s[j], 0) +
    c;

  // Backward: z_{M+1} = w, z_i = z_{i+1} + h K_iᵀ(tanh(a_i) ⊙ z_{i+1}), z0 = K0ᵀ(tanh(a0) ⊙ z1).
  const z: number[][] = [];
  z[M + 1] = w;
  for (let i = M; i >= 1; i--) {
    z[i] = z[i + 1].map((value, l) => value + h * K[i].reduce((sum, row, k) => sum + row[l] * Math.tanh(a[i][k]) * z[i + 1][k], 0));
  }
  const gradient = Array.from({ length: d + 1 }, (_, j) =>
    K[0].reduce((sum, row, k) => sum + row[j] * Math.tanh(a[0][k]) * z[1][k], 0) + As[j] + b[j],
  );

  // Trace over x.
  const curvature = (x: number): number => 1 - Math.tanh(x) ** 2;
  let trace = 0;
  for (let k = 0; k < m; k++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += K[0][k][j] ** 2;
    trace += curvature(a[0][k]) * z[1][k] * norm;
  }
  let J = Array.from({ length: m }, (_, k) => Array.from({ length: d }, (_, j) => Math.tanh(a[0][k]) * K[0][k][j]));
  for (let i = 1; i <= M; i++) {
    const P = K[i].map((row) => Array.from({ length: d }, (_, j) => row.reduce((sum, value, l) => sum + value * J[l][j], 0)));
    let term = 0;
    for (let k = 0; k < m; k++) term += curvature(a[i][k]) * z[i + 1][k] * P[k].reduce((sum, p) => sum + p * p, 0);
    trace += h * term;
    J = J.map((row, k) => row.map((value, j) => value + h * Math.tanh(a[i][k]) * P[k][j]));
  }
  for (let j = 0; j < d; j++) trace += AtA[j][j];
  return { value, gradient, trace };
}
