import * as tf from '@tensorflow/tfjs-core';

/**
 * A rows × columns float32 constant with entry(row, column) in each cell: the small 0/1 (or scaled) selectors whose
 * matMuls place and take the packed state's columns (wasm's column concat and split are slower than these).
 */
export function constantMatrix(rows: number, columns: number, entry: (row: number, column: number) => number): tf.Tensor2D {
  const values = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) values[row * columns + column] = entry(row, column);
  return tf.tensor2d(values, [rows, columns]);
}
