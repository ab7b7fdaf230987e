import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { matrixFromTensor, toTensor } from './tensor-conversion';

describe('tensor conversion', () => {
  it('converts to and from a [rows, cols] tensor without leaking', () => {
    const before = tf.memory().numTensors;
    const matrix = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
    const tensor = toTensor(matrix);
    expect(tensor.shape).toEqual([3, 2]);
    expect(tensor.dtype).toBe('float32');
    const back = matrixFromTensor(tensor);
    expect(back).toEqual(matrix);
    expect(back.data).not.toBe(matrix.data);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects malformed matrices and tensors that are not float32 matrices', () => {
    expect(() => toTensor({ data: new Float32Array(3), rows: 2, cols: 2 })).toThrow(
      'toTensor(matrix) is inconsistent: rows = 2, cols = 2, but data holds 3 values',
    );
    const vector = tf.tensor1d([1, 2]);
    const integers = tf.tensor2d([[1]], [1, 1], 'int32');
    expect(() => matrixFromTensor(vector)).toThrow('expected a rank-2 tensor [rows, cols], got shape [2]');
    expect(() => matrixFromTensor(integers)).toThrow('expected a float32 tensor, got int32');
    expect(() => matrixFromTensor([1] as never)).toThrow('matrixFromTensor: expected a tf.Tensor, got Array');
    vector.dispose();
    integers.dispose();
  });
});
