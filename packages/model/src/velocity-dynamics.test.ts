import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { randomVelocityNetwork } from '../test/random-velocity-network';
import { velocityAndDivergence } from './velocity-divergence';
import { createPackedVelocityDynamics, createVelocityNetworkField, type VelocityDynamicsOptions } from './velocity-dynamics';
import { VelocityNetwork } from './velocity-network';

/** Classical RK4 on [0, 1] with `steps` steps (the test's own, so that it checks the field and not a solver). */
function rk4(field: (t: number, y: tf.Tensor2D) => tf.Tensor2D, start: tf.Tensor2D, steps: number): tf.Tensor2D {
  const h = 1 / steps;
  let y = start;
  for (let step = 0; step < steps; step++) {
    const t = step * h;
    const k1 = field(t, y);
    const k2 = field(t + h / 2, tf.add(y, tf.mul(k1, h / 2)));
    const k3 = field(t + h / 2, tf.add(y, tf.mul(k2, h / 2)));
    const k4 = field(t + h, tf.add(y, tf.mul(k3, h)));
    y = tf.add(y, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6)) as tf.Tensor2D;
  }
  return y;
}

/** The analysis' objective on a batch: mean L + α·mean C (numerics §5 with α_R = 0: a velocity model has no R). */
function objective(network: VelocityNetwork, x: tf.Tensor2D, alpha: number, options: VelocityDynamicsOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const d = network.d;
    const dynamics = createPackedVelocityDynamics(network, options);
    const end = rk4(dynamics, tf.concat([x, tf.zeros([x.shape[0], 3])], 1) as tf.Tensor2D, 4);
    const [z, logDet, transport] = tf.split(end, [d, 1, 1, 1], 1);
    const nll = tf.sub(tf.add(tf.mul(tf.sum(tf.square(z), 1, true), 0.5), (d / 2) * Math.log(2 * Math.PI)), logDet);
    return tf.add(tf.mean(transport), tf.mul(tf.mean(nll), alpha)) as tf.Scalar;
  });
}

describe('createPackedVelocityDynamics', () => {
  it.each(['custom', 'autodiff'] as const)('returns [v | div v | ½‖v‖² | 0] and frees its preparation (%s gradient)', (gradient) => {
    const network = randomVelocityNetwork({ d: 2, m: 6, nTh: 2 }, 3);
    const before = tf.memory().numTensors;
    const dynamics = createPackedVelocityDynamics(network, { gradient });
    const state = tf.tensor2d([0.5, -1, 9, 9, 9, 1.5, 0.2, 9, 9, 9], [2, 5]);
    const derivativeTensor = dynamics(0.25, state);
    const derivative = derivativeTensor.arraySync();
    const x = tf.tensor2d([0.5, -1, 1.5, 0.2], [2, 2]);
    const { velocity, divergence } = velocityAndDivergence(network, x, 0.25);
    const v = velocity.arraySync();
    const div = divergence.arraySync();
    for (let row = 0; row < 2; row++) {
      expect(derivative[row][0]).toBeCloseTo(v[row][0], 6);
      expect(derivative[row][1]).toBeCloseTo(v[row][1], 6);
      expect(derivative[row][2]).toBeCloseTo(div[row][0], 6);
      expect(derivative[row][3]).toBeCloseTo(0.5 * (v[row][0] ** 2 + v[row][1] ** 2), 6);
      expect(derivative[row][4]).toBe(0);
    }
    tf.dispose([state, derivativeTensor, x, velocity, divergence]);
    dynamics.dispose();
    expect(tf.memory().numTensors).toBe(before);
    network.dispose();
  });

  it('gives the same values with either gradient, at every time', () => {
    const network = randomVelocityNetwork({ d: 3, m: 7, nTh: 3 }, 5);
    const state = tf.tensor2d(Float32Array.from(new Random(6).normalArray(9 * 6)), [9, 6]);
    const custom = createPackedVelocityDynamics(network);
    const autodiff = createPackedVelocityDynamics(network, { gradient: 'autodiff' });
    for (const t of [0, 0.3, 1]) {
      const [a, b] = [custom(t, state), autodiff(t, state)];
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      tf.dispose([a, b]);
    }
    [custom, autodiff].forEach((dynamics) => dynamics.dispose());
    tf.dispose(state);
    network.dispose();
  });

  it('rejects an unknown gradient or a misshapen state, naming what was expected', () => {
    const network = new VelocityNetwork({ d: 2, m: 4 });
    expect(() => createPackedVelocityDynamics(network, { gradient: 'numeric' as never })).toThrow(
      `gradient must be one of 'custom', 'autodiff', got "numeric".`,
    );
    expect(() => createPackedVelocityDynamics(network, { checkpointing: 'never' as never })).toThrow(
      `checkpointing must be one of 'auto', 'recompute', 'store', got "never".`,
    );
    const dynamics = createPackedVelocityDynamics(network);
    const wrong = tf.zeros([3, 4]) as tf.Tensor2D;
    expect(() => dynamics(0, wrong)).toThrow('state must be n × 5 (packed [x, ℓ, L, R], one sample per row), got shape [3, 4].');
    wrong.dispose();
    dynamics.dispose();
    network.dispose();
  });
});

describe('velocity model dynamics', () => {
  it('trains: plain gradient steps on mean L + α·mean C lower it, without leaking tensors', () => {
    const network = new VelocityNetwork({ d: 2, m: 8, seed: 1 });
    const random = new Random(4);
    // Data far from N(0, I): a shifted, stretched Gaussian.
    const points = Float32Array.from(random.normalArray(2 * 256), (z, i) => (i % 2 === 0 ? 2 * z + 1.5 : 0.5 * z - 1));
    const x = tf.tensor2d(points, [256, 2]);
    const optimizer = tf.train.adam(0.05);
    const before = tf.memory().numTensors;
    const first = objective(network, x, 10);
    const start = first.dataSync()[0];
    first.dispose();
    for (let step = 0; step < 30; step++) {
      const cost = optimizer.minimize(() => objective(network, x, 10), true, network.trainableVariables());
      cost?.dispose();
    }
    const last = objective(network, x, 10);
    const end = last.dataSync()[0];
    last.dispose();
    expect(end).toBeLessThan(start - 1);
    // Adam's moments are the only new tensors: two per variable.
    expect(tf.memory().numTensors).toBe(before + 2 * network.trainableVariables().length);
    optimizer.dispose();
    tf.dispose(x);
    network.dispose();
  });

  it.each([
    { d: 2, m: 8, nTh: 2 },
    { d: 3, m: 6, nTh: 3 },
  ])('has the same objective gradient through RK4 with the custom gradient as with autodiff (d = $d, nTh = $nTh)', ({ d, m, nTh }) => {
    const network = randomVelocityNetwork({ d, m, nTh }, 7 + d);
    const x = tf.tensor2d(Float32Array.from(new Random(8).normalArray(40 * d)), [40, d]);
    const variables = network.trainableVariables();
    const gradientOf = (options: VelocityDynamicsOptions) => {
      const { value, grads } = tf.variableGrads(() => objective(network, x, 10, options), variables);
      const result = { value: value.dataSync()[0], gradients: variables.map((variable) => Array.from(grads[variable.name].dataSync())) };
      tf.dispose([value, ...Object.values(grads)]);
      return result;
    };
    const expected = gradientOf({ gradient: 'autodiff' });
    const before = tf.memory().numTensors;
    const actual = gradientOf({ gradient: 'custom', checkpointing: 'store' });
    const recomputed = gradientOf({ gradient: 'custom', checkpointing: 'recompute' });
    expect(tf.memory().numTensors).toBe(before);
    expect(actual.value).toBe(expected.value);
    expected.gradients.forEach((gradient, i) => {
      const scale = Math.max(...gradient.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      expect(Math.max(...gradient.map((value, j) => Math.abs(actual.gradients[i][j] - value))) / scale).toBeLessThan(1e-5);
    });
    expect(recomputed).toEqual(actual);
    tf.dispose(x);
    network.dispose();
  });

  it('keeps far less on the gradient tape when recomputing than when storing', () => {
    const network = randomVelocityNetwork({ d: 4, m: 16, nTh: 3 }, 12);
    const x = tf.tensor2d(Float32Array.from(new Random(13).normalArray(200 * 4)), [200, 4]);
    const bytesAfterForward = (checkpointing: 'store' | 'recompute') => {
      let held = 0;
      const { value, grads } = tf.variableGrads(() => {
        const cost = objective(network, x, 10, { checkpointing });
        held = tf.memory().numBytes;
        return cost;
      }, network.trainableVariables());
      tf.dispose([value, ...Object.values(grads)]);
      return held;
    };
    const baseline = tf.memory().numBytes;
    const stored = bytesAfterForward('store') - baseline;
    const recomputed = bytesAfterForward('recompute') - baseline;
    // Storing keeps u_i, g_i, tanh′ and J_i, P_i (n × d × m) per evaluation; recomputing keeps the packed states.
    expect(recomputed).toBeLessThan(stored / 5);
    tf.dispose(x);
    network.dispose();
  });

  it('the plain velocity field moves points like the augmented one', () => {
    const network = new VelocityNetwork({ d: 2, m: 5, seed: 2 });
    network.setWeights({ ...network.getWeights(), W: [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.7, -0.1, 0.05, 0.6], c: [0.1, -0.3] });
    const x = tf.tensor2d([0.5, -1, 1.5, 0.2], [2, 2]);
    const field = createVelocityNetworkField(network);
    const augmented = createPackedVelocityDynamics(network);
    const moved = rk4(field, x, 3);
    const packed = rk4(augmented, tf.concat([x, tf.zeros([2, 3])], 1) as tf.Tensor2D, 3);
    const expected = tf.slice(packed, [0, 0], [2, 2]);
    Array.from(moved.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected.dataSync()[i], 5));
    field.dispose();
    augmented.dispose();
    network.dispose();
  });
});
