import * as tf from '@tensorflow/tfjs-core';

/** Points stored row-major: point i is `data[i*cols .. i*cols + cols)`. */
export interface PointArray {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** A set of points, one per row: a rank-2 tensor (n × d) or a row-major array with its shape. */
export type PointSet = tf.Tensor2D | PointArray;

/** A validated point set copied to float64, the precision the metrics accumulate in. */
export interface Points {
  data: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Reads a point set into float64 and checks it: at least one point, at least one coordinate, every coordinate finite.
 * `name` is the argument's name, so errors say which input was wrong.
 */
export async function readPoints(points: PointSet, name: string): Promise<Points> {
  let values: ArrayLike<number>;
  let rows: number;
  let cols: number;
  if (points instanceof tf.Tensor) {
    if (points.rank !== 2) {
      throw new Error(`${name} must be a rank-2 tensor (points × dimensions), got shape [${points.shape.join(', ')}].`);
    }
    [rows, cols] = points.shape;
    values = await points.data();
  } else if (points !== null && typeof points === 'object' && 'data' in points) {
    ({ rows, cols } = points);
    values = points.data;
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new Error(`${name}.rows and ${name}.cols must be non-negative integers, got rows=${rows}, cols=${cols}.`);
    }
    if (values?.length !== rows * cols) {
      throw new Error(`${name}.data must hold rows × cols = ${rows * cols} numbers, got ${values?.length}.`);
    }
  } else {
    throw new Error(`${name} must be a tf.Tensor2D or {data, rows, cols}, got ${describe(points)}.`);
  }
  if (rows === 0) throw new Error(`${name} is empty: it needs at least one point (row).`);
  if (cols === 0) throw new Error(`${name} has points with no coordinates (0 columns).`);
  const data = Float64Array.from(values);
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const row = Math.floor(k / cols);
      throw new Error(`${name} has a non-finite coordinate ${data[k]} at row ${row}, column ${k - row * cols}.`);
    }
  }
  return { data, rows, cols };
}

/** Throws unless both sets live in the same dimension. */
export function checkSameDimension(x: Points, y: Points, xName: string, yName: string): void {
  if (x.cols !== y.cols) {
    throw new Error(`${xName} and ${yName} must have the same dimension, got ${x.cols} and ${y.cols} columns.`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (wrap it as {data, rows, cols})';
  return typeof value;
}
