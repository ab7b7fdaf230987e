import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { evaluateReference } from '../test/float64-reference';
import { randomPoints, randomWeights } from '../test/random-weights';
import { createAugmentedDynamics, createVelocityField, type AugmentedState } from './augmented-dynamics';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { preparePotential } from './prepared-potential';

function startState(x: number[][]): AugmentedState {
  const column = () => tf.zeros([x.length, 1]) as tf.Tensor2D;
  return { x: tf.tensor2d(x), logDet: column(), transport: column(), hjb: column() };
}

const read = (state: AugmentedState) => ({
  x: state.x.arraySync(),
  logDet: Array.from(state.logDet.dataSync()),
  transport: Array.from(state.transport.dataSync()),
  hjb: Array.from(state.hjb.dataSync()),
});

describe('createAugmentedDynamics', () => {
  it('evaluates numerics §4 from ∇Φ and the trace, for α_L = 1 and 2', () => {
    const config: PotentialConfig = { d: 3, m: 6, nTh: 3, r: 2 };
    const weights = randomWeights(config, 'dyn');
    const potential = Potential.fromWeights(config, weights);
    const x = randomPoints(5, 3, 'dyn-x');
    const t = 0.4;
    for (const alphaL of [1, 2]) {
      const dynamics = createAugmentedDynamics(potential, { alphaL });
      const state = startState(x);
      const derivative = dynamics(t, state);
      expect([derivative.x.shape, derivative.logDet.shape, derivative.transport.shape, derivative.hjb.shape]).toEqual([[5, 3], [5, 1], [5, 1], [5, 1]]);
      const got = read(derivative);
      x.forEach((row, i) => {
        const ref = evaluateReference(config, weights, [...row, t]);
        const gx = ref.gradient.slice(0, 3);
        const dx = gx.map((g) => -g / alphaL);
        const normSquared = gx.reduce((sum, g) => sum + g * g, 0);
        expectClose(got.x[i], dx, { rel: 1e-5, abs: 1e-6 });
        expectClose([got.logDet[i]], [-ref.trace / alphaL], { rel: 1e-5, abs: 1e-6 });
        expectClose([got.transport[i]], [0.5 * dx.reduce((sum, v) => sum + v * v, 0)], { rel: 1e-5, abs: 1e-6 });
        expectClose([got.hjb[i]], [Math.abs(ref.gradient[3] - normSquared / (2 * alphaL))], { rel: 1e-5, abs: 1e-6 });
      });
      tf.dispose([derivative, state]);
      dynamics.dispose();
    }
    potential.dispose();
  });

  it('is differentiable w.r.t. the weights through a step', () => {
    const potential = new Potential({ d: 2, m: 5, nTh: 3, seed: 2 });
    const initial = startState(randomPoints(6, 2, 'dyn-grad'));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const dynamics = createAugmentedDynamics(preparePotential(potential));
      const derivative = dynamics(0.5, initial);
      return tf.addN([tf.sum(tf.square(derivative.x)), tf.sum(derivative.logDet), tf.sum(derivative.transport), tf.sum(derivative.hjb)]) as tf.Scalar;
    }, potential.trainableVariables());
    const gradients = Object.values(grads);
    expect(gradients).toHaveLength(potential.trainableVariables().length);
    for (const gradient of gradients) expect(gradient.dataSync().every(Number.isFinite)).toBe(true);
    tf.dispose([value, ...gradients]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(initial);
    potential.dispose();
  });

  it('owns the preparation it made, not one it was given; calls leak nothing', () => {
    const potential = new Potential({ d: 2, m: 4, nTh: 2 });
    const state = startState(randomPoints(3, 2, 'own'));
    const before = tf.memory().numTensors;
    const fromWeights = createAugmentedDynamics(potential);
    tf.dispose(fromWeights(0.1, state));
    fromWeights.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const prepared = preparePotential(potential);
    const afterPrepare = tf.memory().numTensors;
    const fromPrepared = createAugmentedDynamics(prepared);
    expect(fromPrepared.prepared).toBe(prepared);
    tf.dispose(fromPrepared(0.2, state));
    fromPrepared.dispose();
    expect(tf.memory().numTensors).toBe(afterPrepare);
    expect(prepared.quadratic.isDisposed).toBe(false);
    prepared.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(state);
    potential.dispose();
  });

  it('rejects a bad α_L, time or state', () => {
    const potential = new Potential({ d: 2, m: 4 });
    expect(() => createAugmentedDynamics(potential, { alphaL: 0 })).toThrow("alphaL (the transport cost's weight α_L) must be a positive finite number, got 0.");
    expect(() => createVelocityField(potential, { alphaL: Number.POSITIVE_INFINITY })).toThrow('got Infinity');
    const dynamics = createAugmentedDynamics(potential);
    const wrong = startState([[1, 2, 3]]);
    const right = startState([[1, 2]]);
    expect(() => dynamics(0, wrong)).toThrow('state.x must be n × 2 (positions, one sample per row), got shape [1, 3].');
    expect(() => dynamics(Number.NaN, right)).toThrow('t must be a finite number, got NaN.');
    tf.dispose([wrong, right]);
    dynamics.dispose();
    potential.dispose();
  });
});

describe('createVelocityField', () => {
  it("equals the augmented dynamics' x′ and leaks nothing", () => {
    const config: PotentialConfig = { d: 2, m: 5, nTh: 4, r: 3 };
    const potential = Potential.fromWeights(config, randomWeights(config, 'vel'));
    const x = randomPoints(4, 2, 'vel-x');
    const state = startState(x);
    const velocity = createVelocityField(potential, { alphaL: 3 });
    const dynamics = createAugmentedDynamics(potential, { alphaL: 3 });
    const before = tf.memory().numTensors;
    const fast = velocity(0.7, state.x);
    const full = dynamics(0.7, state);
    fast.arraySync().forEach((row, i) => expectClose(row, full.x.arraySync()[i], { rel: 1e-6, abs: 1e-7 }));
    tf.dispose([fast, full]);
    expect(tf.memory().numTensors).toBe(before);
    const wide = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => velocity(0, wide)).toThrow('x must be n × 2');
    wide.dispose();
    velocity.dispose();
    dynamics.dispose();
    tf.dispose(state);
    potential.dispose();
  });
});
