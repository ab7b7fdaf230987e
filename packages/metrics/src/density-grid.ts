import * as tf from '@tensorflow/tfjs-core';

/** log ρ at a batch of 2-D points (n × 2) → n values, as a rank-1 tensor or numbers, now or as a promise. */
export type LogDensityFunction = (
  points: tf.Tensor2D,
) => tf.Tensor | ArrayLike<number> | Promise<tf.Tensor | ArrayLike<number>>;

export type Bounds2D = [[number, number], [number, number]];

export interface DensityGridOptions {
  /** The box [[xMin, xMax], [yMin, yMax]]. Default [[−4, 4], [−4, 4]]. */
  bounds?: Bounds2D;
  /** Cells per axis, or [along x, along y]. Default 200. */
  resolution?: number | [number, number];
  /** Points per call of the log-density. Default 10,000. */
  batchSize?: number;
}

export interface DensityGrid {
  /** Σ ρ(cell centre) · cellArea: the midpoint rule for ∫ρ over the box, ≈ 1 for a normalized density whose mass lies inside. */
  integral: number;
  /** ρ at the cell centres, row-major with one row per y: values[iy * xs.length + ix] = ρ(xs[ix], ys[iy]). */
  values: Float32Array;
  /** log ρ in the same layout (for heat maps of the log-density). */
  logValues: Float32Array;
  /** Cell-centre coordinates along x and along y, increasing. */
  xs: Float64Array;
  ys: Float64Array;
  cellArea: number;
}

/**
 * Evaluates a 2-D model's log-density on a grid of cell centres over a box, in batches, and integrates exp(log ρ)
 * with the midpoint rule: the check of numerics §8 that a 2-D model's density integrates to ≈ 1. The point tensors it
 * passes are disposed after each call, and so is a returned tensor; anything else the callback creates is its own
 * to dispose (wrap its work in tf.tidy).
 */
export async function densityGrid(logDensity: LogDensityFunction, options: DensityGridOptions = {}): Promise<DensityGrid> {
  if (typeof logDensity !== 'function') {
    throw new Error(`logDensity must be a function from an n × 2 tensor of points to n log-densities, got ${typeof logDensity}.`);
  }
  const bounds = options.bounds ?? [[-4, 4], [-4, 4]];
  checkBounds(bounds);
  const [columns, rows] = resolutionPair(options.resolution ?? 200);
  const batchSize = options.batchSize ?? 10_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive integer, got ${batchSize}.`);
  }
  const [[xMin, xMax], [yMin, yMax]] = bounds;
  const xStep = (xMax - xMin) / columns;
  const yStep = (yMax - yMin) / rows;
  const xs = Float64Array.from({ length: columns }, (_, i) => xMin + (i + 0.5) * xStep);
  const ys = Float64Array.from({ length: rows }, (_, j) => yMin + (j + 0.5) * yStep);
  const total = columns * rows;
  const logValues = new Float32Array(total);
  const values = new Float32Array(total);
  let densitySum = 0;

  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    const coordinates = new Float32Array(2 * count);
    for (let k = 0; k < count; k++) {
      coordinates[2 * k] = xs[(start + k) % columns];
      coordinates[2 * k + 1] = ys[Math.floor((start + k) / columns)];
    }
    const batch = await evaluate(logDensity, tf.tensor2d(coordinates, [count, 2]), count);
    for (let k = 0; k < count; k++) {
      const logValue = batch[k];
      if (Number.isNaN(logValue) || logValue === Number.POSITIVE_INFINITY) {
        throw new Error(
          `logDensity returned ${logValue} at (${coordinates[2 * k]}, ${coordinates[2 * k + 1]}): log-densities must be ` +
            'finite or −Infinity (zero density).',
        );
      }
      const density = Math.exp(logValue);
      logValues[start + k] = logValue;
      values[start + k] = density;
      densitySum += density;
    }
  }
  const cellArea = xStep * yStep;
  return { integral: densitySum * cellArea, values, logValues, xs, ys, cellArea };
}

/** Calls the log-density on one batch, checks it returned one value per point, and disposes the tensors. */
async function evaluate(logDensity: LogDensityFunction, points: tf.Tensor2D, count: number): Promise<ArrayLike<number>> {
  let result: tf.Tensor | ArrayLike<number> | undefined;
  try {
    result = await logDensity(points);
    if (result instanceof tf.Tensor) {
      if (result.rank !== 1 || result.size !== count) {
        throw new Error(`logDensity must return ${count} values for ${count} points (rank 1), got shape [${result.shape.join(', ')}].`);
      }
      return await result.data();
    }
    if (result === null || typeof result !== 'object' || typeof result.length !== 'number') {
      throw new Error(`logDensity must return a rank-1 tensor or an array of numbers, got ${typeof result}.`);
    }
    if (result.length !== count) {
      throw new Error(`logDensity must return ${count} values for ${count} points, got ${result.length}.`);
    }
    return result;
  } finally {
    if (result instanceof tf.Tensor && result !== points) result.dispose();
    points.dispose();
  }
}

function checkBounds(bounds: Bounds2D): void {
  const valid =
    Array.isArray(bounds) &&
    bounds.length === 2 &&
    bounds.every((range) => Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] < range[1]);
  if (!valid) {
    throw new Error(`bounds must be [[xMin, xMax], [yMin, yMax]] with finite min < max, got ${JSON.stringify(bounds)}.`);
  }
}

function resolutionPair(resolution: number | [number, number]): [number, number] {
  const pair: unknown[] = Array.isArray(resolution) ? resolution : [resolution, resolution];
  if (pair.length !== 2 || !pair.every((cells) => Number.isInteger(cells) && (cells as number) >= 1)) {
    throw new Error(`resolution must be a positive integer or a pair of them [along x, along y], got ${JSON.stringify(resolution)}.`);
  }
  return pair as [number, number];
}
