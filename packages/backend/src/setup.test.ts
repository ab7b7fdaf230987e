import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { setupTfjs } from './setup';

describe('setupTfjs', () => {
  it('activates the requested backend with gradients registered', async () => {
    expect(await setupTfjs({ backend: 'cpu' })).toBe('cpu');
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)));
    expect(Array.from(grad(tf.tensor1d([1, 2, 3])).dataSync())).toEqual([2, 4, 6]);
    expect(await setupTfjs()).toBe('wasm');
    expect(Array.from(grad(tf.tensor1d([1, -2])).dataSync())).toEqual([2, -4]);
  });

  it('rejects an unknown backend by name', async () => {
    await expect(setupTfjs({ backend: 'webgpu' as never })).rejects.toThrow(/Unknown backend "webgpu": choose one of wasm, cpu/);
  });
});
