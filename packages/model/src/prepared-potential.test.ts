import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { randomWeights } from '../test/random-weights';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { isPreparedPotential, preparePotential } from './prepared-potential';

describe('preparePotential', () => {
  const config: PotentialConfig = { d: 2, m: 3, nTh: 3, r: 2 };

  it('precomputes transposes, AᵀA, K0ˣ row norms and the constant trace term', () => {
    const weights = randomWeights(config, 'prep');
    const potential = Potential.fromWeights(config, weights);
    const prepared = preparePotential(potential);
    const K0 = weights.K0; // 3 × 3, row-major
    expectClose(prepared.openingWeightT.dataSync(), [K0[0], K0[3], K0[6], K0[1], K0[4], K0[7], K0[2], K0[5], K0[8]], { abs: 0 });
    expectClose(prepared.openingTimeWeight.dataSync(), [K0[2], K0[5], K0[8]], { abs: 0 });
    expectClose(prepared.openingSpaceRowNormsSquared.dataSync(), [0, 1, 2].map((k) => K0[3 * k] ** 2 + K0[3 * k + 1] ** 2), { rel: 1e-6 });
    const A = weights.A; // 2 × 3
    const AtA = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => A[i] * A[j] + A[3 + i] * A[3 + j]));
    expectClose(prepared.quadratic.dataSync(), AtA, { rel: 1e-6, abs: 1e-7 });
    expectClose(prepared.traceConstant.dataSync(), [AtA[0] + AtA[4]], { rel: 1e-6 });
    // h = 1/2 with nTh = 3: the backward sweep uses h·K_i.
    expectClose(prepared.residualWeightsScaled[1].dataSync(), Array.from(weights.K2, (v) => v / 2), { rel: 1e-7 });
    expect(prepared.h).toBe(0.5);
    expect(isPreparedPotential(prepared)).toBe(true);
    expect(isPreparedPotential(potential)).toBe(false);
    prepared.dispose();
    potential.dispose();
  });

  it('rejects tensors whose shapes do not match their config', () => {
    const potential = new Potential(config);
    const wrongConfig = { ...potential, config: { ...config, m: 4 }, K: potential.K, biases: potential.biases };
    expect(() => preparePotential(wrongConfig)).toThrow('Weight K0 has shape [3, 3], expected [4, 3] (m × (d+1) for');
    expect(() => preparePotential({ ...wrongConfig, config, K: potential.K.slice(1) })).toThrow(
      'A potential with nTh = 3 needs 3 weight matrices K and biases, got 2 and 3.',
    );
    potential.dispose();
  });

  it('frees only what it computed: the weights survive dispose, nothing leaks', () => {
    for (const nTh of [2, 4]) {
      const potential = new Potential({ ...config, nTh });
      const before = tf.memory().numTensors;
      const prepared = preparePotential(potential);
      prepared.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(potential.trainableVariables().every((variable) => !variable.isDisposed)).toBe(true);
      tf.dispose(tf.tidy(() => preparePotential(potential).quadratic));
      expect(tf.memory().numTensors).toBe(before);
      potential.dispose();
    }
  });
});
