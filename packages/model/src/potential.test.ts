import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomWeights } from '../test/random-weights';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { potentialWeightNames } from './weight-layout';

function stats(values: Float32Array): { min: number; max: number; mean: number; variance: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { min: Math.min(...values), max: Math.max(...values), mean, variance };
}

/** Checks draws from U(−bound, bound): inside the range, reaching near both ends, mean ≈ 0, variance ≈ bound²/3. */
function expectUniform(values: Float32Array, bound: number): void {
  const { min, max, mean, variance } = stats(values);
  expect(min).toBeGreaterThanOrEqual(-bound);
  expect(max).toBeLessThanOrEqual(bound);
  expect(min).toBeLessThan(-0.9 * bound);
  expect(max).toBeGreaterThan(0.9 * bound);
  const standardError = bound / Math.sqrt(3 * values.length);
  expect(Math.abs(mean)).toBeLessThan(5 * standardError);
  expect(variance / (bound * bound / 3)).toBeGreaterThan(0.8);
  expect(variance / (bound * bound / 3)).toBeLessThan(1.2);
}

describe('Potential initialization (numerics §2)', () => {
  it('has the specified shapes and distributions', () => {
    const potential = new Potential({ d: 2, m: 64, nTh: 4, seed: 11 });
    const { d, m, r } = potential.config;
    expect(potential.config).toEqual({ d: 2, m: 64, nTh: 4, r: 3 });
    expect(potential.K.map((K) => K.shape)).toEqual([[m, d + 1], [m, m], [m, m], [m, m]]);
    expect(potential.biases.map((b) => b.shape)).toEqual([[m], [m], [m], [m]]);
    expect([potential.w.shape, potential.A.shape, potential.b.shape, potential.c.shape]).toEqual([[m], [r, d + 1], [d + 1], []]);
    const weights = potential.getWeights();
    expectUniform(weights.K0, 1 / Math.sqrt(d + 1));
    expectUniform(weights.b0, 1 / Math.sqrt(d + 1));
    expectUniform(weights.K1, 1 / Math.sqrt(m));
    expectUniform(weights.b1, 1 / Math.sqrt(m));
    expect(Math.max(...weights.A.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (r + d + 1)));
    expect(new Set(weights.A).size).toBe(r * (d + 1));
    expect([...weights.w]).toEqual(new Array(m).fill(1));
    expect([...weights.b]).toEqual([0, 0, 0]);
    expect([...weights.c]).toEqual([0]);
    potential.dispose();
  });

  it('starts residual layers 2..M as copies of layer 1', () => {
    const potential = new Potential({ d: 3, m: 8, nTh: 4, seed: 'copies' });
    const weights = potential.getWeights();
    for (const layer of [2, 3]) {
      expect(weights[`K${layer}`]).toEqual(weights.K1);
      expect(weights[`b${layer}`]).toEqual(weights.b1);
    }
    potential.dispose();
  });

  it('is reproducible: the same seed gives the same weights, another seed others', () => {
    const [a, b, c] = [7, 7, 8].map((seed) => new Potential({ d: 2, m: 16, seed }));
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.getWeights().K0).not.toEqual(c.getWeights().K0);
    const defaultSeed = [new Potential({ d: 2, m: 16 }), new Potential({ d: 2, m: 16, seed: 0 })];
    expect(defaultSeed[0].getWeights()).toEqual(defaultSeed[1].getWeights());
    [a, b, c, ...defaultSeed].forEach((p) => p.dispose());
  });

  it('counts its parameters as numerics §2 does', () => {
    const potential = new Potential({ d: 2 });
    expect(potential.parameterCount).toBe(1229);
    potential.dispose();
  });
});

describe('Potential weights', () => {
  const config: PotentialConfig = { d: 2, m: 5, nTh: 3, r: 2 };

  it('lists trainable variables in canonical order without c', () => {
    const potential = new Potential(config);
    const trainable = potential.trainableVariables();
    const byName = potential.variablesByName();
    expect(Object.keys(byName)).toEqual(potentialWeightNames(potential.config));
    expect(trainable).toEqual(['K0', 'b0', 'K1', 'b1', 'K2', 'b2', 'w', 'A', 'b'].map((name) => byName[name]));
    expect(byName.c.trainable).toBe(false);
    potential.dispose();
  });

  it('round-trips values through setWeights and getWeights exactly', () => {
    const values = randomWeights(config, 3);
    const potential = Potential.fromWeights(config, values);
    expect(potential.getWeights()).toEqual(values);
    const other = randomWeights(config, 4);
    potential.setWeights(other);
    expect(potential.getWeights()).toEqual(other);
    potential.dispose();
  });

  it('rejects incomplete, extra, mis-sized and non-finite weights', () => {
    const potential = new Potential(config);
    const good = potential.getWeights();
    const { w: _w, ...missing } = good;
    expect(() => potential.setWeights(missing)).toThrow('weights is missing "w" (shape [5]).');
    expect(() => potential.setWeights({ ...good, K3: new Float32Array(25) })).toThrow(
      'weights has unexpected entries "K3"; a potential with nTh = 3 has exactly K0, b0, K1, b1, K2, b2, w, A, b, c.',
    );
    expect(() => potential.setWeights({ ...good, A: new Float32Array(5) })).toThrow('weights.A must hold 6 numbers (shape [2, 3]), got 5.');
    expect(() => potential.setWeights({ ...good, b1: [0, 1, Number.NaN, 0, 0] })).toThrow('weights.b1[2] is NaN: every weight must be finite.');
    expect(() => new Potential({ ...config, seed: 1 }, good)).toThrow('Pass either a seed');
    potential.dispose();
  });

  it('clones into independent variables and assigns between potentials', () => {
    const original = Potential.fromWeights(config, randomWeights(config, 5));
    const copy = original.clone();
    expect(copy.getWeights()).toEqual(original.getWeights());
    expect(copy.trainableVariables().some((v, i) => v === original.trainableVariables()[i])).toBe(false);
    copy.setWeights(randomWeights(config, 6));
    expect(original.getWeights()).toEqual(randomWeights(config, 5));
    original.assign(copy);
    expect(original.getWeights()).toEqual(copy.getWeights());
    copy.dispose();
    // The assigned values outlive the potential they came from.
    expect(original.getWeights()).toEqual(randomWeights(config, 6));
    const wider = new Potential({ ...config, m: 6 });
    expect(() => original.assign(wider)).toThrow('m differ');
    [original, wider].forEach((p) => p.dispose());
  });

  it('frees its variables on dispose and refuses use afterwards', () => {
    const before = tf.memory().numTensors;
    const potential = new Potential({ d: 3, m: 4, nTh: 3 });
    potential.clone().dispose();
    potential.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(potential.isDisposed).toBe(true);
    expect(() => potential.getWeights()).toThrow('This potential was disposed');
  });
});

