import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { evaluateReference } from '../test/float64-reference';
import { randomPoints, randomWeights } from '../test/random-weights';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { specConfig, specGradients, specPoints, specTraces, specWeights } from '../../../test/spec-vectors';
import { gradientAndTrace, gradientAndTraceAtTime } from './gradient-and-trace';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { potentialValue } from './potential-value';
import { preparePotential } from './prepared-potential';
import { importReferenceStateDict } from './reference-import';

function evaluate(potential: Potential, points: number[][]): { gradient: number[][]; trace: number[] } {
  const s = tf.tensor2d(points);
  const result = gradientAndTrace(potential, s);
  const out = { gradient: result.gradient.arraySync(), trace: Array.from(result.trace.dataSync()) };
  tf.dispose([s, result.gradient, result.trace]);
  return out;
}

describe('float64 reference (test helper)', () => {
  it('reproduces numerics §11 to 1e-10', () => {
    specPoints.forEach((s, i) => {
      const ref = evaluateReference(specConfig, specWeights, s);
      expectClose(ref.gradient, specGradients[i], { abs: 1e-10 });
      expectClose([ref.trace], [specTraces[i]], { abs: 1e-10 });
    });
  });

  it('has ∇Φ and the trace consistent with central differences of Φ and ∇Φ', () => {
    const config: PotentialConfig = { d: 3, m: 5, nTh: 4, r: 2 };
    const weights = randomWeights(config, 'fd64');
    const s = [0.3, -0.7, 1.1, 0.4];
    const step = 1e-5;
    const shifted = (j: number, by: number) => evaluateReference(config, weights, s.map((v, k) => (k === j ? v + by : v)));
    const ref = evaluateReference(config, weights, s);
    const gradient = s.map((_, j) => (shifted(j, step).value - shifted(j, -step).value) / (2 * step));
    expectClose(ref.gradient, gradient, { abs: 1e-8 });
    let trace = 0;
    for (let j = 0; j < config.d; j++) trace += (shifted(j, step).gradient[j] - shifted(j, -step).gradient[j]) / (2 * step);
    expectClose([ref.trace], [trace], { abs: 1e-8 });
  });
});

describe('gradientAndTrace', () => {
  it('reproduces numerics §11 (d=2, m=4, r=3, nTh=2)', () => {
    const potential = Potential.fromWeights(specConfig, specWeights);
    const { gradient, trace } = evaluate(potential, specPoints);
    gradient.forEach((row, i) => expectClose(row, specGradients[i], { rel: 1e-5, abs: 1e-6 }));
    expectClose(trace, specTraces, { rel: 1e-5, abs: 1e-6 });
    potential.dispose();
  });

  it('reproduces the reference fixture: ∇Φ and trace at t = 0.3 for the first 4 points', () => {
    const fixture = readReferenceFixture();
    const potential = importReferenceStateDict(fixture);
    const points = fixture.points.slice(0, 4).map((x) => [...x, 0.3]);
    const { gradient, trace } = evaluate(potential, points);
    gradient.forEach((row, i) => expectClose(row, fixture.grad_at_t03_first4[i], { rel: 1e-4 }));
    expectClose(trace, fixture.trace_at_t03_first4, { rel: 1e-4 });
    potential.dispose();
  });

  for (const nTh of [2, 3, 4]) {
    for (const d of [1, 2, 5]) {
      it(`matches the float64 formulas for random weights, nTh = ${nTh}, d = ${d}`, () => {
        const config: PotentialConfig = { d, m: 8, nTh, r: Math.min(10, d + 1) };
        const weights = randomWeights(config, `w${nTh}-${d}`);
        const points = randomPoints(7, d + 1, `s${nTh}-${d}`);
        const potential = Potential.fromWeights(config, weights);
        const { gradient, trace } = evaluate(potential, points);
        points.forEach((s, i) => {
          const ref = evaluateReference(config, weights, s);
          expectClose(gradient[i], ref.gradient, { rel: 1e-5, abs: 2e-6 });
          expectClose([trace[i]], [ref.trace], { rel: 1e-5, abs: 5e-6 });
        });
        potential.dispose();
      });
    }
  }

  it('agrees with tfjs autodiff of Φ and with float32 central differences of its own ∇Φ', () => {
    for (const [nTh, d] of [[2, 2], [3, 5], [4, 1]]) {
      const config: PotentialConfig = { d, m: 8, nTh, r: Math.min(10, d + 1) };
      const potential = Potential.fromWeights(config, randomWeights(config, `ad${nTh}`));
      const points = randomPoints(5, d + 1, `ad-s${nTh}`);
      const { gradient, trace } = evaluate(potential, points);
      const autodiff = tf.tidy(() => tf.grad((s: tf.Tensor) => tf.sum(potentialValue(potential, s as tf.Tensor2D)))(tf.tensor2d(points)).arraySync() as number[][]);
      gradient.forEach((row, i) => expectClose(row, autodiff[i], { rel: 1e-5, abs: 1e-5 }));

      const step = 1e-2;
      const differences = new Array(points.length).fill(0);
      for (let j = 0; j < d; j++) {
        const plus = evaluate(potential, points.map((s) => s.map((v, k) => (k === j ? v + step : v))));
        const minus = evaluate(potential, points.map((s) => s.map((v, k) => (k === j ? v - step : v))));
        points.forEach((_, i) => (differences[i] += (plus.gradient[i][j] - minus.gradient[i][j]) / (2 * step)));
      }
      expectClose(trace, differences, { rel: 2e-3, abs: 2e-3 });
      potential.dispose();
    }
  });

  it('gives the same result at (x, t) as at s = (x, t), prepared or not', () => {
    const config: PotentialConfig = { d: 3, m: 6, nTh: 3, r: 4 };
    const potential = Potential.fromWeights(config, randomWeights(config, 'xt'));
    const x = randomPoints(5, 3, 'xt-x');
    const t = 0.35;
    const direct = evaluate(potential, x.map((row) => [...row, t]));
    const prepared = preparePotential(potential);
    const [atTime, preparedS] = tf.tidy(() => {
      const a = gradientAndTraceAtTime(prepared, tf.tensor2d(x), t);
      const b = gradientAndTrace(prepared, tf.tensor2d(x.map((row) => [...row, t])));
      return [a, b].map((r) => ({ gradient: r.gradient.arraySync(), trace: Array.from(r.trace.dataSync()) }));
    });
    for (const other of [atTime, preparedS]) {
      other.gradient.forEach((row, i) => expectClose(row, direct.gradient[i], { rel: 1e-6, abs: 1e-6 }));
      expectClose(other.trace, direct.trace, { rel: 1e-6, abs: 1e-6 });
    }
    prepared.dispose();
    potential.dispose();
  });

  it('is differentiable w.r.t. every trainable weight, and autodiff matches float64 differences', () => {
    const config: PotentialConfig = { d: 2, m: 6, nTh: 3, r: 3 };
    const weights = randomWeights(config, 'weight-grad');
    const potential = Potential.fromWeights(config, weights);
    const points = randomPoints(4, 3, 'weight-grad-s');
    // A scalar of both outputs, as a loss is: Σ ‖∇Φ‖² + Σ trace.
    const loss64 = (w: Record<string, Float32Array | Float64Array>): number =>
      points.reduce((sum, s) => {
        const ref = evaluateReference(config, w, s);
        return sum + ref.gradient.reduce((acc, g) => acc + g * g, 0) + ref.trace;
      }, 0);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const { gradient, trace } = gradientAndTrace(potential, tf.tensor2d(points));
      return tf.add(tf.sum(tf.square(gradient)), tf.sum(trace)) as tf.Scalar;
    }, potential.trainableVariables());
    expect(value.dataSync()[0]).toBeCloseTo(loss64(weights), 3);
    const byName = potential.variablesByName();
    for (const [name, variable] of Object.entries(byName)) {
      if (!variable.trainable) continue;
      const grad = grads[variable.name].dataSync();
      expect(grad.every(Number.isFinite), name).toBe(true);
      expect(grad.some((g) => g !== 0), name).toBe(true);
      // Compare two entries per weight with float64 central differences.
      for (const index of [0, grad.length - 1]) {
        const step = 1e-6;
        const shifted = (by: number) => ({ ...weights, [name]: Float64Array.from(weights[name], (v, k) => (k === index ? v + by : v)) });
        const difference = (loss64(shifted(step)) - loss64(shifted(-step))) / (2 * step);
        expectClose([grad[index]], [difference], { rel: 1e-3, abs: 1e-4 });
      }
    }
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    potential.dispose();
  });

  it('leaks no tensors, prepared or not', () => {
    const potential = new Potential({ d: 2, m: 8, nTh: 3, seed: 1 });
    const s = tf.tensor2d(randomPoints(10, 3, 'leak'));
    const x = tf.tensor2d(randomPoints(10, 2, 'leak-x'));
    const prepared = preparePotential(potential);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const outputs = [gradientAndTrace(potential, s), gradientAndTrace(prepared, s), gradientAndTraceAtTime(prepared, x, 0.5)];
      tf.dispose(outputs.flatMap((r) => [r.gradient, r.trace]));
      tf.dispose(potentialValue(prepared, s));
    }
    expect(tf.memory().numTensors).toBe(before);
    prepared.dispose();
    tf.dispose([s, x]);
    potential.dispose();
  });

  it('rejects inputs of the wrong shape, type or time', () => {
    const potential = new Potential({ d: 2, m: 4 });
    const before = tf.memory().numTensors;
    const bad = tf.zeros([5, 2]) as tf.Tensor2D;
    const vector = tf.zeros([3]);
    const integers = tf.zeros([5, 3], 'int32') as tf.Tensor2D;
    const wide = tf.zeros([5, 3]) as tf.Tensor2D;
    expect(() => gradientAndTrace(potential, bad)).toThrow('s must be n × 3 (points (x, t), one sample per row), got shape [5, 2].');
    expect(() => gradientAndTrace(potential, vector as tf.Tensor2D)).toThrow('got shape [3]');
    expect(() => gradientAndTrace(potential, integers)).toThrow('s must be float32, got int32.');
    expect(() => gradientAndTraceAtTime(potential, wide, 0)).toThrow('x must be n × 2 (positions');
    expect(() => gradientAndTraceAtTime(potential, bad, Number.NaN)).toThrow('t must be a finite number, got NaN.');
    expect(() => potentialValue(potential, bad)).toThrow('s must be n × 3');
    tf.dispose([vector, integers, wide]);
    tf.dispose(bad);
    expect(tf.memory().numTensors).toBe(before);
    potential.dispose();
  });
});
