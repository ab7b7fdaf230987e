import * as tf from '@tensorflow/tfjs-core';
import { assertDataMatrix, describeValue, type DataMatrix } from './data-matrix';

/**
 * The matrix as a `[rows, cols]` float32 tensor. On backends that keep the array they are given (cpu), the tensor
 * shares memory with `matrix.data`: do not modify the matrix while the tensor is alive.
 */
export function toTensor(matrix: DataMatrix): tf.Tensor2D {
  assertDataMatrix(matrix, 'toTensor(matrix)');
  return tf.tensor2d(matrix.data, [matrix.rows, matrix.cols], 'float32');
}

/** Copies a rank-2 tensor's values into a new {@link DataMatrix} (the tensor is not disposed). */
export function matrixFromTensor(tensor: tf.Tensor): DataMatrix {
  if (!(tensor instanceof tf.Tensor)) throw new Error(`matrixFromTensor: expected a tf.Tensor, got ${describeValue(tensor)}.`);
  if (tensor.rank !== 2) {
    throw new Error(`matrixFromTensor: expected a rank-2 tensor [rows, cols], got shape [${tensor.shape.join(', ')}].`);
  }
  if (tensor.dtype !== 'float32') throw new Error(`matrixFromTensor: expected a float32 tensor, got ${tensor.dtype}.`);
  const [rows, cols] = tensor.shape as [number, number];
  return { data: Float32Array.from(tensor.dataSync() as Float32Array), rows, cols };
}
