import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam';

/** PyTorch's Adam in float64 plain JS, the rule the reference trains with. */
function referenceAdam(params: number[], grads: number[][], lr: number): number[] {
  const m = params.map(() => 0);
  const v = params.map(() => 0);
  const p = [...params];
  grads.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < p.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2;
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
      p[i] -= (lr / (1 - 0.9 ** t)) * (m[i] / denom);
    }
  });
  return p;
}

describe('Adam', () => {
  it('matches PyTorch’s update rule', () => {
    const variable = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const adam = new Adam([variable], { learningRate: 0.1 });
    const grads = [
      [0.3, -0.2, 1.5],
      [0.1, 0.4, -0.7],
      [-0.05, 0.2, 0.01],
    ];
    for (const g of grads) tf.tidy(() => adam.apply([tf.tensor1d(g)]));
    const expected = referenceAdam([0.5, -1, 2], grads, 0.1);
    Array.from(variable.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
    adam.dispose();
    variable.dispose();
  });

  it('restores its state exactly and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4]])));
    const adam = new Adam([a], { learningRate: 0.05 });
    tf.tidy(() => adam.apply([tf.ones([2, 2])]));
    const saved = JSON.parse(JSON.stringify(adam.getState()));
    const weightsAtSave = a.arraySync();
    tf.tidy(() => adam.apply([tf.fill([2, 2], 0.5)]));
    const afterOneMore = a.arraySync();

    const b = tf.tidy(() => tf.variable(tf.tensor2d(weightsAtSave)));
    const resumed = new Adam([b], { learningRate: 0.05 });
    resumed.setState(saved);
    tf.tidy(() => resumed.apply([tf.fill([2, 2], 0.5)]));
    expect(b.arraySync()).toEqual(afterOneMore);
    expect(resumed.step).toBe(2);

    for (const t of [a, b]) t.dispose();
    adam.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad hyperparameters and mismatched state', () => {
    const v = tf.variable(tf.zeros([2]));
    expect(() => new Adam([v], { learningRate: 0 })).toThrow(/learningRate must be a positive number, got 0/);
    expect(() => new Adam([v], { learningRate: 0.1, beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
    const adam = new Adam([v], { learningRate: 0.1 });
    expect(() => adam.apply([])).toThrow(/expected 1 gradients, got 0/);
    expect(() => adam.setState({ step: 1, firstMoments: [[0]], secondMoments: [[0, 0]] })).toThrow(
      /"firstMoments\[0\]" must hold 2 numbers/,
    );
    adam.dispose();
    v.dispose();
  });
});
