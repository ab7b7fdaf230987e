import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { TensorStateAlgebra } from './tensor-state';

describe('TensorStateAlgebra', () => {
  it('flattens a record state, combines leaf by leaf and rebuilds it', () => {
    const y0 = { x: tf.tensor1d([1, 2]), l: tf.tensor2d([[5]]) };
    const algebra = new TensorStateAlgebra((_t, y: typeof y0) => y, y0);
    expect(algebra.size).toBe(3);
    const combined = algebra.combine(undefined, algebra.initial, 0.5, [2, 0], [algebra.initial, algebra.initial]);
    const state = algebra.toUser(combined);
    expect(Array.from(state.x.dataSync())).toEqual([2, 4]);
    expect(Array.from(state.l.dataSync())).toEqual([10]);
    tf.dispose([combined, y0]);
  });

  it('skips zero coefficients entirely', () => {
    const y0 = tf.tensor1d([1, 2]);
    const algebra = new TensorStateAlgebra((_t, y: tf.Tensor) => y, y0);
    const ks = [[tf.tensor1d([1, 1])], [tf.tensor1d([NaN, NaN])], [tf.tensor1d([2, 2])]];
    const [sum] = algebra.combine(undefined, algebra.initial, 1, [1, 0, 0.5], ks);
    expect(Array.from(sum.dataSync())).toEqual([3, 4]);
    tf.dispose([y0, sum, ...ks.flat()]);
  });

  it('computes the weighted RMS norm and the finite check on the device, leaving no tensors behind', () => {
    const y0 = [tf.tensor1d([1, -9]), tf.tensor1d([2])];
    const algebra = new TensorStateAlgebra((_t, y: tf.Tensor[]) => y, y0);
    const v = [tf.tensor1d([0.3, 0.4]), tf.tensor1d([0])];
    const before = tf.memory().numTensors;
    // Scales 0.2, 1.0 and 0.3 → ratios 1.5, 0.4, 0.
    expect(algebra.weightedRms(v, algebra.initial, algebra.initial, 0.1, 0.1)).toBeCloseTo(Math.sqrt((2.25 + 0.16) / 3), 6);
    expect(algebra.allFinite(v)).toBe(true);
    const bad = [tf.tensor1d([1, Infinity]), tf.tensor1d([0])];
    expect(algebra.allFinite(bad)).toBe(false);
    // A sum of huge finite values would overflow; the check must still call them finite.
    const huge = [tf.tensor1d([3e38, 3e38]), tf.tensor1d([3e38])];
    expect(algebra.allFinite(huge)).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([...y0, ...v, ...bad, ...huge]);
  });

  it('owns a derivative that f keeps for itself by cloning it', () => {
    const y0 = tf.tensor1d([1]);
    const algebra = new TensorStateAlgebra((_t, y: tf.Tensor) => y, y0);
    const [owned] = algebra.own(algebra.initial);
    expect(owned).not.toBe(y0);
    algebra.dispose([owned]);
    expect(y0.isDisposed).toBe(false);
    y0.dispose();
  });
});
