import type { DataMatrix } from '../src/data-matrix';

/** Helpers for the tests' statistical checks (not part of the package). */

export function columnMeans(m: DataMatrix): number[] {
  const means = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) means[j] += m.data[i * m.cols + j];
  return means.map((s) => s / m.rows);
}

/** Population covariance (divides by rows). */
export function covariance(m: DataMatrix): number[][] {
  const mu = columnMeans(m);
  const c = Array.from({ length: m.cols }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) {
    for (let a = 0; a < m.cols; a++) {
      for (let b = 0; b < m.cols; b++) c[a][b] += (m.data[i * m.cols + a] - mu[a]) * (m.data[i * m.cols + b] - mu[b]);
    }
  }
  return c.map((row) => row.map((v) => v / m.rows));
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

export function standardDeviation(values: ArrayLike<number>): number {
  const mu = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - mu) ** 2;
  return Math.sqrt(s / values.length);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Composite Simpson rule on [a, b] with `intervals` (even) pieces. */
export function integrate(f: (x: number) => number, a: number, b: number, intervals = 20_000): number {
  const h = (b - a) / intervals;
  let s = f(a) + f(b);
  for (let k = 1; k < intervals; k++) s += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

/** Five binomial standard deviations: the tolerance for a count whose expected share is p of n. */
export function countTolerance(n: number, p: number): number {
  return 5 * Math.sqrt(n * p * (1 - p));
}

export function row(m: DataMatrix, i: number): [number, number] {
  return [m.data[i * m.cols], m.data[i * m.cols + 1]];
}
