import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { activation, activationSlope } from './activation';

describe('activation', () => {
  const inputs: number[] = [0, 1e-6, -1e-6, 1e-3, 0.5, -0.5, 3, -3, 9, -9, 20, -20, 44, -44, 90, -90, 500, -500];
  for (let v = -12; v <= 12; v += 0.037) inputs.push(v);
  const exact = inputs.map(Math.fround);

  it('σ(a) = log(eᵃ + e⁻ᵃ) within float32 rounding, without overflow', () => {
    const result = tf.tidy(() => {
      const a = tf.tensor2d(inputs, [1, inputs.length]);
      return activation(a, activationSlope(a)).dataSync();
    });
    const expected = exact.map((a) => Math.abs(a) + Math.log1p(Math.exp(-2 * Math.abs(a))));
    expectClose(result, expected, { rel: 4e-7, abs: 2e-7 });
  });

  it("σ′ = tanh within a few float32 ulps of 1", () => {
    const result = tf.tidy(() => activationSlope(tf.tensor2d(inputs, [1, inputs.length])).dataSync());
    expectClose(result, exact.map(Math.tanh), { abs: 2.5e-7 });
    expect(result[inputs.indexOf(500)]).toBe(1);
    expect(result[inputs.indexOf(-500)]).toBe(-1);
  });

  it('is differentiable with σ′ = tanh', () => {
    const slope = tf.tidy(() => {
      const gradient = tf.grad((a: tf.Tensor) => tf.sum(activation(a as tf.Tensor2D, activationSlope(a as tf.Tensor2D))));
      return gradient(tf.tensor2d(inputs, [1, inputs.length])).dataSync();
    });
    expectClose(slope, exact.map(Math.tanh), { abs: 5e-7 });
  });
});
