import * as tf from '@tensorflow/tfjs-core';
import { importReferenceStateDict, Potential } from '@otflow/model';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { specConfig, specWeights } from '../../../test/spec-vectors';
import { centralDifference } from '../../../test/central-difference';
import { randomVelocityNetwork } from '../../model/test/random-velocity-network';
import { batchedMeanCosts } from './batched-costs';
import { otFlowObjective, sampleCosts } from './objective';

const fixture = readReferenceFixture();

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}

const scalars = (terms: Record<string, tf.Tensor>) =>
  Object.fromEntries(Object.entries(terms).map(([key, t]) => [key, t.dataSync()[0]]));

describe('otFlowObjective', () => {
  it('reproduces numerics §11 (nt = 4, alph = 1, 10, 5): J, mean L, C, R', () => {
    const potential = Potential.fromWeights(specConfig, specWeights);
    const x = tf.tensor2d([[0.5, -1], [1.5, 0.2], [-0.7, 0.9]]);
    const terms = otFlowObjective(potential, x, { nt: 4, alph: [1, 10, 5] });
    const got = scalars({ ...terms });
    expect(maxRelativeError(
      [got.objective, got.transportCost, got.nll, got.hjb],
      [34.4090185972, 0.220942848431, 3.24254157643, 0.352531996894],
      1e-6,
    )).toBeLessThan(1e-5);
    tf.dispose([x, terms]);
    potential.dispose();
  });

  it('reproduces the reference fixture per point and in the mean, at nt = 8 and 12', () => {
    const potential = importReferenceStateDict(fixture);
    const x = tf.tensor2d(fixture.points);
    const alph = fixture.config.alph;
    for (const nt of [8, 12] as const) {
      const expected = fixture.results[`nt${nt}`];
      const costs = sampleCosts(potential, x, { nt, alph });
      expect(maxRelativeError(costs.nll.dataSync(), expected.nll.flat(), 0)).toBeLessThan(1e-4);
      expect(maxRelativeError(costs.transportCost.dataSync(), expected.L_per, 0)).toBeLessThan(1e-4);
      expect(maxRelativeError(costs.hjb.dataSync(), expected.R_per, 0)).toBeLessThan(1e-4);
      expect(maxRelativeError(costs.z.dataSync(), expected.z.flat(), 0)).toBeLessThan(1e-4);
      // ℓ(1) sums trace terms of size ~1 and ends near zero for some points (smallest |ℓ| = 3.5e-5), where float32
      // cancellation leaves ~4e-6 absolute error: relative error is measured against max(|ℓ|, 0.05).
      expect(maxRelativeError(costs.logDet.dataSync(), expected.logdet, 0.05)).toBeLessThan(1e-4);
      const terms = otFlowObjective(potential, x, { nt, alph });
      const got = scalars({ ...terms });
      expect(maxRelativeError(
        [got.objective, got.transportCost, got.nll, got.hjb],
        [expected.J, expected.L, expected.C, expected.R],
        1e-6,
      )).toBeLessThan(1e-4);
      tf.dispose([costs, terms]);
    }
    x.dispose();
    potential.dispose();
  });

  it('has parameter gradients that match central finite differences', () => {
    const potential = new Potential({ d: 2, m: 4, nTh: 3, seed: 11 });
    const random = new Random(5);
    // Move off the initialization, where the residual layers are copies and b is zero.
    const variables = potential.trainableVariables();
    tf.tidy(() => variables.forEach((v) => v.assign(tf.add(v, tf.mul(tf.tensor(Float32Array.from(random.normalArray(v.size)), v.shape, 'float32'), 0.3)))));
    const x = tf.tensor2d(Float32Array.from(random.normalArray(12)), [6, 2], 'float32');
    const options = { nt: 3, alph: [1, 5, 2] };
    const objective = () => otFlowObjective(potential, x, options).objective;
    const { value, grads } = tf.variableGrads(objective, variables);
    const valueAt = () => tf.tidy(() => objective().dataSync()[0]);
    const h = 1e-2;
    let checked = 0;
    for (const variable of variables) {
      const gradient = grads[variable.name].dataSync();
      for (const index of [0, variable.size - 1]) {
        const numeric = centralDifference(variable, index, h, valueAt);
        expect(Math.abs(gradient[index] - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(2 * variables.length);
    tf.dispose([value, ...Object.values(grads), x]);
    potential.dispose();
  });

  it.each([
    { d: 2, m: 5, nTh: 2, n: 64 },
    { d: 3, m: 4, nTh: 3, n: 128 },
  ])('gives the same gradient of J with the custom field gradient as with autodiff (d = $d, nTh = $nTh)', ({ d, m, nTh, n }) => {
    const potential = new Potential({ d, m, nTh, seed: 3 });
    const random = new Random(`custom-${d}`);
    const variables = potential.trainableVariables();
    // Off the initialization: residual layers differ, b ≠ 0, w ≠ 1.
    tf.tidy(() => variables.forEach((v) => v.assign(tf.add(v, tf.mul(tf.tensor(Float32Array.from(random.normalArray(v.size)), v.shape, 'float32'), 0.4)))));
    const x = tf.tensor2d(Float32Array.from(random.normalArray(n * d)), [n, d], 'float32');
    const gradientsWith = (gradient: 'custom' | 'autodiff') => {
      const { value, grads } = tf.variableGrads(() => otFlowObjective(potential, x, { nt: 3, alph: [1, 8, 3], gradient }).objective, variables);
      const result = { value: value.dataSync()[0], grads: variables.map((v) => Array.from(grads[v.name].dataSync())) };
      tf.dispose([value, ...Object.values(grads)]);
      return result;
    };
    const before = tf.memory().numTensors;
    const custom = gradientsWith('custom');
    expect(tf.memory().numTensors).toBe(before);
    const autodiff = gradientsWith('autodiff');
    expect(Math.abs(custom.value - autodiff.value)).toBeLessThan(1e-5 * Math.abs(autodiff.value));
    autodiff.grads.forEach((expected, i) => {
      const scale = Math.max(...expected.map(Math.abs));
      const worst = Math.max(...expected.map((g, k) => Math.abs(custom.grads[i][k] - g)));
      expect(worst / scale, `${variables[i].name}`).toBeLessThan(2e-5);
    });
    x.dispose();
    potential.dispose();
  });

  it('batches large sets without changing the means, and leaks no tensors', () => {
    const potential = importReferenceStateDict(fixture);
    const x = tf.tensor2d(fixture.points);
    const before = tf.memory().numTensors;
    const whole = batchedMeanCosts(potential, x, { nt: 8, alph: fixture.config.alph, batchSize: 4096 });
    const chunked = batchedMeanCosts(potential, x, { nt: 8, alph: fixture.config.alph, batchSize: 100 });
    expect(tf.memory().numTensors).toBe(before);
    expect(whole.count).toBe(512);
    expect(maxRelativeError([chunked.objective, chunked.nll], [whole.objective, whole.nll], 1e-6)).toBeLessThan(1e-5);
    expect(maxRelativeError([whole.objective, whole.transportCost, whole.nll, whole.hjb],
      [fixture.results.nt8.J, fixture.results.nt8.L, fixture.results.nt8.C, fixture.results.nt8.R], 1e-6)).toBeLessThan(1e-4);
    x.dispose();
    potential.dispose();
  });

  it('rejects bad settings with messages that name them', () => {
    const potential = new Potential({ d: 2, m: 4 });
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(() => otFlowObjective(potential, x, { nt: 0, alph: [1, 1, 1] })).toThrow(/nt \(the number of RK4 steps\) must be a positive integer, got 0/);
    expect(() => otFlowObjective(potential, x, { nt: 2, alph: [1, 1] })).toThrow(/alph must be three numbers/);
    expect(() => otFlowObjective(potential, x, { nt: 2, alph: [1, -1, 1] })).toThrow(/alph\[1\] = -1: α_C/);
    expect(() => otFlowObjective(potential, x, { nt: 2, alph: [0, 1, 1] })).toThrow(/α_L divides the velocity/);
    const wrong = tf.zeros([3, 3]) as tf.Tensor2D;
    expect(() => otFlowObjective(potential, wrong, { nt: 2, alph: [1, 1, 1] })).toThrow(/must be n × 2/);
    expect(() => batchedMeanCosts(potential, x, { nt: 2, alph: [1, 1, 1], batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    tf.dispose([x, wrong]);
    potential.dispose();
  });
});

function randomBatch(n: number, d: number, seed: string): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(new Random(seed).normalArray(n * d)), [n, d], 'float32');
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, v) => sum + v, 0) / values.length;

describe('the objective on a velocity network (numerics §6)', () => {
  it('has an HJB residual of exactly 0 for every sample', () => {
    const network = randomVelocityNetwork({ d: 2, m: 5, nTh: 3 }, 'velocity-hjb');
    const x = randomBatch(20, 2, 'velocity-hjb-x');
    const costs = sampleCosts(network, x, { nt: 4, alph: [1, 10, 5] });
    expect(Array.from(costs.hjb.dataSync())).toEqual(new Array(20).fill(0));
    expect(costs.z.shape).toEqual([20, 2]);
    // Non-zero weights move the points and change the log-determinant.
    expect(Math.max(...Array.from(costs.logDet.dataSync(), Math.abs))).toBeGreaterThan(1e-2);
    expect(Math.min(...costs.transportCost.dataSync())).toBeGreaterThan(0);
    tf.dispose([costs, x]);
    network.dispose();
  });

  it('gives J = α_L·mean L + α_C·mean C whatever α_R is', () => {
    const network = randomVelocityNetwork({ d: 3, m: 4, nTh: 2 }, 'velocity-j');
    const x = randomBatch(16, 3, 'velocity-j-x');
    const costs = sampleCosts(network, x, { nt: 3, alph: [1, 1, 1] });
    const meanL = mean(costs.transportCost.dataSync());
    const meanC = mean(costs.nll.dataSync());
    for (const alph of [[1, 10, 5], [2.5, 3, 0], [0.5, 7, 1000]]) {
      const terms = otFlowObjective(network, x, { nt: 3, alph });
      const got = scalars({ ...terms });
      expect(got.hjb).toBe(0);
      expect(maxRelativeError([got.transportCost, got.nll], [meanL, meanC], 1e-6)).toBeLessThan(1e-6);
      expect(maxRelativeError([got.objective], [alph[0] * meanL + alph[1] * meanC], 1e-6)).toBeLessThan(2e-6);
      tf.dispose(terms);
    }
    tf.dispose([costs, x]);
    network.dispose();
  });

  it('batches a set without changing the means of sampleCosts, and leaks no tensors', () => {
    const network = randomVelocityNetwork({ d: 2, m: 6, nTh: 2 }, 'velocity-batched');
    const x = randomBatch(50, 2, 'velocity-batched-x');
    const alph = [1, 12, 4];
    const costs = sampleCosts(network, x, { nt: 4, alph });
    const meanL = mean(costs.transportCost.dataSync());
    const meanC = mean(costs.nll.dataSync());
    tf.dispose(costs);
    const before = tf.memory().numTensors;
    const chunked = batchedMeanCosts(network, x, { nt: 4, alph, batchSize: 16 });
    expect(tf.memory().numTensors).toBe(before);
    expect(chunked.count).toBe(50);
    expect(chunked.hjb).toBe(0);
    expect(maxRelativeError(
      [chunked.transportCost, chunked.nll, chunked.objective],
      [meanL, meanC, alph[0] * meanL + alph[1] * meanC],
      1e-6,
    )).toBeLessThan(1e-5);
    x.dispose();
    network.dispose();
  });

  it('has parameter gradients of J that match central finite differences (K0, K1, W)', () => {
    const network = randomVelocityNetwork({ d: 2, m: 4, nTh: 3 }, 'velocity-gradient');
    const x = randomBatch(8, 2, 'velocity-gradient-x');
    const options = { nt: 3, alph: [1, 5, 2] };
    const variables = network.trainableVariables();
    // K0, b0, K1, b1, K2, b2, W, c: a velocity network trains every weight.
    expect(variables).toHaveLength(8);
    const { value, grads } = tf.variableGrads(() => otFlowObjective(network, x, options).objective, variables);
    for (const variable of variables) expect(grads[variable.name].dataSync().every(Number.isFinite)).toBe(true);
    const valueAt = () => tf.tidy(() => otFlowObjective(network, x, options).objective.dataSync()[0]);
    expect(maxRelativeError([valueAt()], [value.dataSync()[0]], 1e-6)).toBeLessThan(1e-6);
    const byName = network.variablesByName();
    // float32: with h = 1e-2 the quotient's rounding error (≈ ε·|J|/h ≈ 1e-4) and its O(h²) truncation error both
    // stay inside the tolerance below.
    const h = 1e-2;
    const picks: [string, number][] = [['K0', 0], ['K0', 11], ['K1', 5], ['K2', 15], ['W', 0], ['W', 7]];
    for (const [name, index] of picks) {
      const variable = byName[name];
      const gradient = grads[variable.name].dataSync()[index];
      const numeric = centralDifference(variable, index, h, valueAt);
      expect(Math.abs(gradient - numeric), `${name}[${index}]: ${gradient} vs ${numeric}`).toBeLessThan(1e-3 + 5e-3 * Math.abs(numeric));
      // A zero gradient would pass trivially: these entries do move J.
      expect(Math.abs(numeric), `${name}[${index}]`).toBeGreaterThan(1e-3);
    }
    tf.dispose([value, ...Object.values(grads), x]);
    network.dispose();
  });
});
