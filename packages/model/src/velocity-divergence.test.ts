import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { randomVelocityNetwork } from '../test/random-velocity-network';
import { velocityAndDivergence, velocityAt } from './velocity-divergence';
import type { WeightValues } from './network-weights';
import { VelocityNetwork } from './velocity-network';

/** v(x, t) in float64, straight from the definition (out × in weights, tanh activation). */
function velocity64(weights: WeightValues, d: number, m: number, nTh: number, x: number[], t: number): number[] {
  const s = [...x, t];
  const layer = (K: Float32Array, b: Float32Array, input: number[]) =>
    Array.from({ length: m }, (_, k) => Math.tanh(input.reduce((sum, value, j) => sum + K[k * input.length + j] * value, b[k])));
  let u = layer(weights.K0, weights.b0, s);
  const h = 1 / (nTh - 1);
  for (let i = 1; i < nTh; i++) {
    const activated = layer(weights[`K${i}`], weights[`b${i}`], u);
    u = u.map((value, k) => value + h * activated[k]);
  }
  return Array.from({ length: d }, (_, j) => u.reduce((sum, value, k) => sum + weights.W[j * m + k] * value, weights.c[j]));
}

/** Central finite differences of the float64 velocity: Σ_j ∂v_j/∂x_j. */
function divergence64(weights: WeightValues, d: number, m: number, nTh: number, x: number[], t: number): number {
  const eps = 1e-5;
  let trace = 0;
  for (let j = 0; j < d; j++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[j] += eps;
    minus[j] -= eps;
    trace += (velocity64(weights, d, m, nTh, plus, t)[j] - velocity64(weights, d, m, nTh, minus, t)[j]) / (2 * eps);
  }
  return trace;
}

describe('velocityAndDivergence', () => {
  for (const [d, nTh] of [
    [1, 2],
    [2, 3],
    [5, 2],
    [5, 4],
  ]) {
    it(`matches a float64 finite-difference divergence (d = ${d}, nTh = ${nTh})`, () => {
      const m = 7;
      const network = randomVelocityNetwork({ d, m, nTh }, 10 * d + nTh);
      const weights = network.getWeights();
      const points = Array.from(Float32Array.from(new Random(d).normalArray(6 * d)));
      const t = 0.37;
      const before = tf.memory().numTensors;
      const x = tf.tensor2d(points, [6, d]);
      const { velocity, divergence } = velocityAndDivergence(network, x, t);
      const v = velocity.arraySync();
      const div = divergence.arraySync();
      tf.dispose([x, velocity, divergence]);
      expect(tf.memory().numTensors).toBe(before);
      for (let row = 0; row < 6; row++) {
        const point = points.slice(row * d, row * d + d);
        const expectedV = velocity64(weights, d, m, nTh, point, t);
        expectedV.forEach((value, j) => expect(v[row][j]).toBeCloseTo(value, 4));
        const expectedDiv = divergence64(weights, d, m, nTh, point, t);
        expect(Math.abs(div[row][0] - expectedDiv)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expectedDiv)));
      }
      network.dispose();
    });
  }

  it('velocityAt agrees with velocityAndDivergence', () => {
    const network = randomVelocityNetwork({ d: 3, m: 5, nTh: 2 }, 1);
    const x = tf.tensor2d(Float32Array.from(new Random(2).normalArray(12)), [4, 3]);
    const alone = velocityAt(network, x, 0.5);
    const both = velocityAndDivergence(network, x, 0.5);
    expect(Array.from(alone.dataSync())).toEqual(Array.from(both.velocity.dataSync()));
    tf.dispose([x, alone, both.velocity, both.divergence]);
    network.dispose();
  });

  it('rejects points of the wrong dimension, naming the expected shape', () => {
    const network = new VelocityNetwork({ d: 2 });
    const x = tf.zeros([3, 3]) as tf.Tensor2D;
    expect(() => velocityAndDivergence(network, x, 0)).toThrow(/x must be n × 2.*\[3, 3\]/);
    tf.dispose(x);
    network.dispose();
  });
});

describe('VelocityNetwork', () => {
  it('starts as the zero field, is reproducible for a seed, and clones independently', () => {
    const a = new VelocityNetwork({ d: 2, m: 4, seed: 5 });
    const b = new VelocityNetwork({ d: 2, m: 4, seed: 5 });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(Array.from(a.getWeights().W).every((w) => w === 0)).toBe(true);
    expect(a.parameterCount).toBe(4 * 3 + 4 + 16 + 4 + 8 + 2);
    const copy = a.clone();
    a.setWeights({ ...a.getWeights(), c: [1, 2] });
    expect(Array.from(copy.getWeights().c)).toEqual([0, 0]);
    [a, b, copy].forEach((network) => network.dispose());
  });

  it('names the missing or misshapen weight', () => {
    const network = new VelocityNetwork({ d: 2, m: 4 });
    const { c: _dropped, ...partial } = network.getWeights();
    expect(() => network.setWeights(partial)).toThrow(/missing "c"/);
    expect(() => network.setWeights({ ...partial, c: [1] })).toThrow(/weights\.c must hold 2 numbers/);
    network.dispose();
  });
});
