import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { setupTfjs } from './setup';

describe('shared Identity on wasm', () => {
  it('makes tf.clone share its input’s data, which outlives the input', async () => {
    expect(await setupTfjs()).toBe('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers - 1);
  });

  it('keeps gradients that save their inputs correct', async () => {
    await setupTfjs();
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.square(v), tf.clone(v))));
    expect(Array.from(grad(tf.tensor1d([1, -2])).dataSync())).toEqual([3, 12]);
  });
});
