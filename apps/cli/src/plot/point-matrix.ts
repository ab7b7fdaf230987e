import type { Random } from '@otflow/random';

/** Row-major points, one per row (a DataMatrix or a Flow's PointMatrix). */
export interface Points {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Column `j` of the points, as its own array. */
export function column(points: Points, j: number): Float32Array {
  const out = new Float32Array(points.rows);
  for (let i = 0; i < points.rows; i++) out[i] = points.data[i * points.cols + j];
  return out;
}

/** At most `n` rows chosen at random without replacement (all rows, in order, when there are no more than `n`). */
export function sampleRows(points: Points, n: number, random: Random): Points {
  if (points.rows <= n) return points;
  const chosen = random.permutation(points.rows).subarray(0, n);
  const data = new Float32Array(n * points.cols);
  chosen.forEach((row, i) => data.set(points.data.subarray(row * points.cols, (row + 1) * points.cols), i * points.cols));
  return { data, rows: n, cols: points.cols };
}
