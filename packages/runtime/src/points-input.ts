import * as tf from '@tensorflow/tfjs-core';

/** Points as a caller has them: a tensor, row-major values, or an array of rows. */
export type PointsInput = tf.Tensor2D | Float32Array | Float64Array | readonly (readonly number[])[];

/** A row-major matrix of float32 values, one point per row. */
export interface PointMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Row-major float32 values of `points` (n × d), checked: the right width, at least one row, every value finite.
 * The message names the argument, the row and the column.
 */
export function readPoints(points: PointsInput, d: number, name: string): PointMatrix {
  let data: Float32Array;
  let rows: number;
  if (points instanceof tf.Tensor) {
    if (points.rank !== 2 || points.shape[1] !== d) {
      throw new Error(`${name} must be n × ${d}, got a tensor of shape [${points.shape.join(', ')}].`);
    }
    rows = points.shape[0];
    data = Float32Array.from(points.dataSync());
  } else if (points instanceof Float32Array || points instanceof Float64Array) {
    if (points.length % d !== 0) {
      throw new Error(`${name} holds ${points.length} values, which is not a whole number of ${d}-dimensional points.`);
    }
    rows = points.length / d;
    // A copy: callers keep their arrays, and the flow standardizes its input in place.
    data = Float32Array.from(points);
  } else if (Array.isArray(points)) {
    rows = points.length;
    data = new Float32Array(rows * d);
    points.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== d) {
        throw new Error(`${name}[${i}] must be an array of ${d} numbers, got ${Array.isArray(row) ? `${row.length} numbers` : typeof row}.`);
      }
      data.set(row, i * d);
    });
  } else {
    throw new Error(`${name} must be a tf.Tensor2D, a Float32Array/Float64Array or an array of rows.`);
  }
  if (rows === 0) throw new Error(`${name} is empty: pass at least one point.`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new Error(`${name} has a non-finite value (${data[i]}) at row ${Math.floor(i / d) + 1}, column ${(i % d) + 1}.`);
    }
  }
  return { data, rows, cols: d };
}
