import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { velocityWeightShapes } from './velocity-config';
import { velocityAndDivergence } from './velocity-divergence';
import { createPackedVelocityDynamics, createVelocityNetworkField } from './velocity-dynamics';
import { VelocityNetwork } from './velocity-network';

/** A network with every weight drawn from U(−0.8, 0.8) (the default output layer is zero). */
function randomNetwork(d: number, m: number, nTh: number, seed: number): VelocityNetwork {
  const random = new Random(seed);
  const network = new VelocityNetwork({ d, m, nTh });
  const weights: Record<string, ArrayLike<number>> = {};
  for (const [name, shape] of Object.entries(velocityWeightShapes(network.config))) {
    weights[name] = random.uniformArray(shape.reduce((a, b) => a * b, 1), -0.8, 0.8);
  }
  network.setWeights(weights);
  return network;
}

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

/** The analysis' objective on a batch: mean L + α·mean C (SPEC §5 with α_R = 0: a velocity model has no R). */
function objective(network: VelocityNetwork, x: tf.Tensor2D, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const d = network.d;
    const dynamics = createPackedVelocityDynamics(network);
    const end = rk4(dynamics, tf.concat([x, tf.zeros([x.shape[0], 3])], 1) as tf.Tensor2D, 4);
    const [z, logDet, transport] = tf.split(end, [d, 1, 1, 1], 1);
    const nll = tf.sub(tf.add(tf.mul(tf.sum(tf.square(z), 1, true), 0.5), (d / 2) * Math.log(2 * Math.PI)), logDet);
    return tf.add(tf.mean(transport), tf.mul(tf.mean(nll), alpha)) as tf.Scalar;
  });
}

describe('createPackedVelocityDynamics', () => {
  it('returns [v | div v | ½‖v‖² | 0] and frees its preparation', () => {
    const network = randomNetwork(2, 6, 2, 3);
    const before = tf.memory().numTensors;
    const dynamics = createPackedVelocityDynamics(network);
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
