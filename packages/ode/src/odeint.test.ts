import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxError, oscillator } from '../test/problems';
import { OdeError } from './errors';
import { createStepper, odeint } from './index';

const ROTATION = [
  [0, -1],
  [1, 0],
];

function failure(run: () => unknown): OdeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OdeError);
    return error as OdeError;
  }
  throw new Error('expected the solve to fail');
}

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

describe('odeint on tensors', () => {
  it('integrates a batch of states (rows) with RK4 and leaves y0 alone', () => {
    const y0 = tf.tensor2d([
      [1, 0],
      [0, 2],
    ]);
    const rotate = tf.tensor2d(ROTATION);
    const { y, stats } = odeint((_t, y: tf.Tensor2D) => tf.matMul(y, rotate), y0, { t0: 0, t1: 1, method: 'rk4', steps: 20 });
    // Rows are [x, v] with x' = v, v' = −x: a rotation by t.
    const [c, s] = [Math.cos(1), Math.sin(1)];
    values(y).forEach((v, i) => expect(v).toBeCloseTo([c, -s, 2 * s, 2 * c][i], 5));
    expect(stats).toEqual({ nfev: 80, steps: 20, accepted: 20, rejected: 0 });
    expect(y0.isDisposed).toBe(false);
    expect(values(y0)).toEqual([1, 0, 0, 2]);
    tf.dispose([y0, rotate, y]);
  });

  it('accepts array and record states whose leaves have different shapes (OT-Flow: x, ℓ, L, R)', () => {
    const x0 = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const zero = tf.zeros([2, 1]);
    type State = { x: tf.Tensor; logDet: tf.Tensor };
    const field = (_t: number, { x }: State): State => ({ x: tf.mul(x, -1), logDet: tf.ones([2, 1]) });
    const record = odeint(field, { x: x0, logDet: zero }, { t0: 0, t1: 2, method: 'rk4', steps: 10 });
    values(record.y.x).forEach((v, i) => expect(v).toBeCloseTo((i + 1) * Math.exp(-2), 4));
    values(record.y.logDet).forEach((v) => expect(v).toBeCloseTo(2, 5));
    const list = odeint((_t, [x]: tf.Tensor[]) => [tf.mul(x, -1), tf.ones([2, 1])], [x0, zero], { t0: 0, t1: 2, method: 'rk4', steps: 10 });
    expect(values(list.y[0])).toEqual(values(record.y.x));
    const nested = odeint((_t, s: { pair: tf.Tensor[] }) => ({ pair: [tf.neg(s.pair[0]), tf.onesLike(s.pair[1])] }), { pair: [x0, zero] }, {
      t0: 0,
      t1: 2,
      method: 'rk4',
      steps: 10,
    });
    values(nested.y.pair[1]).forEach((v) => expect(v).toBeCloseTo(2, 5));
    tf.dispose([x0, zero, record.y, list.y, nested.y]);
  });

  it('agrees with the Float64Array path, fixed and adaptive', () => {
    const y0 = tf.tensor2d([[...oscillator.y0]]);
    const rotate = tf.tensor2d(ROTATION);
    const field = (_t: number, y: tf.Tensor2D) => tf.matMul(y, rotate);
    for (const options of [
      { t0: 0, t1: 5, method: 'heun' as const, steps: 50 },
      { t0: 0, t1: 5, rtol: 1e-5, atol: 1e-7 },
    ]) {
      const tensor = odeint(field, y0, options);
      const array = odeint(oscillator.f, Float64Array.from(oscillator.y0), options);
      expect(maxError(values(tensor.y), Array.from(array.y))).toBeLessThan(2e-5);
      tf.dispose(tensor.y);
    }
    tf.dispose([y0, rotate]);
  });

  it('integrates backward in time (t1 < t0) and returns to the start', () => {
    const y0 = tf.tensor1d([1, 0.5]);
    const field = (_t: number, y: tf.Tensor) => tf.mul(y, tf.tensor1d([0.3, -0.8]));
    const forward = odeint(field, y0, { t0: 0, t1: 1, method: 'rk4', steps: 8 });
    const back = odeint(field, forward.y, { t0: 1, t1: 0, method: 'rk4', steps: 8 });
    values(back.y).forEach((v, i) => expect(v).toBeCloseTo([1, 0.5][i], 5));
    values(forward.y).forEach((v, i) => expect(v).toBeCloseTo([Math.exp(0.3), 0.5 * Math.exp(-0.8)][i], 5));
    tf.dispose([y0, forward.y, back.y]);
  });

  it('returns a copy of y0 with no work when t1 = t0', () => {
    const y0 = tf.tensor1d([3, 4]);
    const { y, stats, ts, ys } = odeint(() => {
      throw new Error('f must not be called');
    }, y0, { t0: 2, t1: 2, saveAt: { everyStep: true } });
    expect(y).not.toBe(y0);
    expect(values(y)).toEqual([3, 4]);
    expect(stats).toEqual({ nfev: 0, steps: 0, accepted: 0, rejected: 0 });
    expect(ts).toEqual([2]);
    tf.dispose([y0, y, ...ys!]);
  });

  it('saves states at requested times (stepping onto them) and at every step, all owned by the caller', () => {
    const y0 = tf.tensor1d([1]);
    const decay = (_t: number, y: tf.Tensor) => tf.neg(y);
    const times = [0, 0.25, 0.6, 1];
    const atTimes = odeint(decay, y0, { t0: 0, t1: 1, method: 'rk4', steps: 4, saveAt: { times } });
    expect(atTimes.ts).toEqual(times);
    atTimes.ys!.forEach((state, i) => expect(values(state)[0]).toBeCloseTo(Math.exp(-times[i]), 4));
    expect(atTimes.stats.steps).toBe(5); // 0.6 splits the step from 0.5 to 0.75
    const every = odeint(decay, y0, { t0: 0, t1: 1, method: 'euler', steps: 4, saveAt: { everyStep: true } });
    expect(every.ts).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(values(every.ys![2])[0]).toBeCloseTo(0.75 ** 2, 6);
    // The final state and the last saved state are separate tensors: disposing one leaves the other intact.
    tf.dispose(every.ys!);
    expect(values(every.y)[0]).toBeCloseTo(0.75 ** 4, 6);
    expect(y0.isDisposed).toBe(false);
    tf.dispose([y0, every.y, atTimes.y, ...atTimes.ys!]);
  });

  it('reports progress after every step', () => {
    const y0 = tf.tensor1d([1]);
    const seen: { t: number; fraction: number; steps: number }[] = [];
    const { y } = odeint((_t, y: tf.Tensor) => tf.neg(y), y0, { t0: 1, t1: 0, method: 'rk4', steps: 4, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { t: 0.75, fraction: 0.25, steps: 1 },
      { t: 0.5, fraction: 0.5, steps: 2 },
      { t: 0.25, fraction: 0.75, steps: 3 },
      { t: 0, fraction: 1, steps: 4 },
    ]);
    tf.dispose([y0, y]);
  });

  it('disposes every intermediate tensor (fixed, adaptive, saves, FSAL, failures)', () => {
    const y0 = { x: tf.tensor2d([[1, 2]]), logDet: tf.zeros([1, 1]) };
    const constant = tf.ones([1, 1]);
    type State = typeof y0;
    // Returns a tensor it keeps (constant) as one leaf: the solver must neither leak nor dispose it.
    const field = (_t: number, s: State): State => ({ x: tf.neg(s.x), logDet: constant });
    const before = tf.memory().numTensors;
    const runs = [
      odeint(field, y0, { t0: 0, t1: 1, method: 'rk4', steps: 3 }),
      odeint(field, y0, { t0: 0, t1: 1, method: 'rk4', steps: 3, saveAt: { times: [0, 0.5, 1] } }),
      odeint(field, y0, { t0: 1, t1: 0, method: 'midpoint', steps: 3, saveAt: { everyStep: true }, checkFinite: 'every-step' }),
      odeint(field, y0, { t0: 0, t1: 2, rtol: 1e-4, saveAt: { times: [0.3, 1, 2] } }),
      odeint(field, y0, { t0: 0, t1: 1, method: 'dopri5', steps: 3, saveAt: { everyStep: true } }),
      odeint(field, y0, { t0: 0, t1: 0 }),
    ];
    for (const run of runs) tf.dispose([run.y, ...(run.ys ?? [])]);
    expect(tf.memory().numTensors).toBe(before);
    const throwsLater = (t: number, s: State): State => {
      if (t > 0.5) throw new Error('boom');
      return field(t, s);
    };
    expect(() => odeint(throwsLater, y0, { t0: 0, t1: 1, method: 'rk4', steps: 4, saveAt: { everyStep: true } })).toThrow('boom');
    expect(() => odeint(throwsLater, y0, { t0: 0, t1: 1, saveAt: { times: [0, 0.4, 1] } })).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    expect(constant.isDisposed).toBe(false);
    tf.dispose([y0.x, y0.logDet, constant]);
  });
});

describe('gradients through a fixed-step solve', () => {
  // y' = a·y: y(T) = y0·e^{aT}, so dy(T)/da = T·y0·e^{aT} and dy(T)/dy0 = e^{aT}.
  const T = 1.5;
  const solveEnd = (a: tf.Tensor, y0: tf.Tensor, t0 = 0, t1 = T) => odeint((_t, y: tf.Tensor) => tf.mul(a, y), y0, { t0, t1, method: 'rk4', steps: 30 }).y;

  it('tf.grads matches the analytic sensitivities with respect to a and y0', () => {
    const a = tf.scalar(0.7);
    const y0 = tf.tensor1d([1.5, -0.5]);
    const [da, dy0] = tf.grads((a: tf.Tensor, y0: tf.Tensor) => tf.sum(solveEnd(a, y0)))([a, y0]);
    const growth = Math.exp(0.7 * T);
    expect(values(da)[0]).toBeCloseTo(T * (1.5 - 0.5) * growth, 3);
    values(dy0).forEach((v) => expect(v).toBeCloseTo(growth, 4));
    tf.dispose([a, y0, da, dy0]);
  });

  it('tf.variableGrads reaches a variable used inside f, also integrating backward', () => {
    const a = tf.variable(tf.scalar(-0.4));
    const y0 = tf.tensor1d([2]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(solveEnd(a, y0, T, 0)));
    // Backward from T to 0: y(0) = y0·e^{−aT}, d/da = −T·y0·e^{−aT}.
    expect(values(value)[0]).toBeCloseTo(2 * Math.exp(0.4 * T), 4);
    expect(values(grads[a.name])[0]).toBeCloseTo(-T * 2 * Math.exp(0.4 * T), 3);
    tf.dispose([value, grads[a.name]]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, y0]);
  });
});

describe('odeint on Float64Array', () => {
  it('accepts an f that returns a fresh array instead of filling out', () => {
    const { y } = odeint((_t, y) => Float64Array.from([y[1], -y[0]]), Float64Array.from(oscillator.y0), { t0: 0, t1: 2, method: 'rk4', steps: 40 });
    expect(maxError(y, oscillator.exact(2))).toBeLessThan(1e-6);
  });

  it('never writes y0 and returns independent copies', () => {
    const y0 = Float64Array.from(oscillator.y0);
    const { y, ys } = odeint(oscillator.f, y0, { t0: 0, t1: 1, method: 'rk4', steps: 4, saveAt: { everyStep: true } });
    expect(Array.from(y0)).toEqual(oscillator.y0);
    expect(ys![0]).not.toBe(y0);
    expect(new Set([y, ...ys!]).size).toBe(ys!.length + 1);
    expect(Array.from(ys![4])).toEqual(Array.from(y));
    const same = odeint(oscillator.f, y0, { t0: 1, t1: 1, method: 'rk4', steps: 4 });
    expect(same.y).not.toBe(y0);
    expect(Array.from(same.y)).toEqual(oscillator.y0);
  });

  it('takes ceil(span/dt) equal steps when dt does not divide the span', () => {
    const { stats } = odeint(oscillator.f, Float64Array.from(oscillator.y0), { t0: 0, t1: 1, method: 'euler', dt: 0.3 });
    expect(stats.steps).toBe(4);
  });
});

describe('odeint argument and state errors', () => {
  it('rejects an f whose result has the wrong length or type (Float64Array)', () => {
    const y0 = new Float64Array(3);
    expect(failure(() => odeint(() => new Float64Array(2), y0, { t0: 0, t1: 1, method: 'euler', steps: 1 })).message).toBe(
      'f(t=0) returned a Float64Array of length 2; the state has length 3.',
    );
    expect(failure(() => odeint(() => [1, 2, 3] as never, y0, { t0: 0, t1: 1, method: 'euler', steps: 1 })).message).toBe(
      'f(t=0) must return a Float64Array (the derivative), got Array.',
    );
  });

  it('rejects an f that changes the structure of a tensor state', () => {
    const x = tf.zeros([2, 2]);
    const l = tf.zeros([2, 1]);
    const options = { t0: 0, t1: 1, method: 'euler' as const, steps: 1 };
    const cases: [unknown, string][] = [
      [{ x }, 'f(t=0) returned a state whose structure differs from y0 at y: missing key l. f must return dy/dt with the structure of y.'],
      [{ x, l, extra: x }, 'f(t=0) returned a state whose structure differs from y0 at y: unexpected key extra (expected x, l).'],
      [{ x, l: tf.zeros([2]) }, 'f(t=0) returned a state whose structure differs from y0 at y.l: expected shape [2, 1], got [2].'],
      [{ x, l: tf.zeros([2, 1], 'int32') }, 'f(t=0) returned a state whose structure differs from y0 at y.l: expected a float32 tensor, got int32.'],
      [{ x, l: [l] }, 'f(t=0) returned a state whose structure differs from y0 at y.l: expected a tensor, got a Array.'],
      [[x, l], 'f(t=0) returned a state whose structure differs from y0 at y: expected a record with keys x, l, got a Array.'],
    ];
    for (const [returned, message] of cases) {
      const error = failure(() => odeint(() => returned as never, { x, l }, options));
      expect(error.code).toBe('invalid-argument');
      expect(error.message.startsWith(message.replace(' f must return dy/dt with the structure of y.', ''))).toBe(true);
    }
    expect(failure(() => odeint(() => [x] as never, [x, l], options)).message).toContain('at y: expected an array of 2, got 1 entries');
    tf.dispose([x, l]);
  });

  it('rejects a tolerance a float32 tensor solve cannot honour before any work, while a Float64Array solve takes it', () => {
    const y0 = tf.tensor2d([[1, 0]]);
    let evaluations = 0;
    const rotate = (_t: number, y: tf.Tensor2D) => {
      evaluations += 1;
      return tf.tidy(() => tf.concat([tf.slice(y, [0, 1], [1, 1]), tf.neg(tf.slice(y, [0, 0], [1, 1]))], 1));
    };
    const error = failure(() => odeint(rotate, y0, { t0: 0, t1: 20, rtol: 1e-9 }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('rtol 1e-9 is below what a float32 state can resolve');
    expect(() => createStepper(rotate, y0, { t0: 0, t1: 20, rtol: 1e-9 })).toThrow(/Use rtol ≥ 5e-7 with tensors/);
    expect(evaluations).toBe(0);
    const solution = odeint((_t: number, y: Float64Array, out: Float64Array) => {
      out[0] = y[1];
      out[1] = -y[0];
      return out;
    }, new Float64Array([1, 0]), { t0: 0, t1: 20, rtol: 1e-9, atol: 1e-12 });
    expect(Math.hypot(solution.y[0] - Math.cos(20), solution.y[1] + Math.sin(20))).toBeLessThan(1e-7);
    y0.dispose();
  });

  it('rejects an invalid y0 and f', () => {
    const options = { t0: 0, t1: 1, method: 'euler' as const, steps: 1 };
    const int = tf.tensor1d([1, 2], 'int32');
    expect(failure(() => odeint((_t, y) => y, int, options)).message).toBe(
      "y0 is a int32 tensor; states must be float32: cast it with tf.cast(x, 'float32').",
    );
    expect(failure(() => odeint((_t, y) => y, [] as tf.Tensor[], options)).message).toBe('y0 is an empty array; a state needs at least one tensor.');
    expect(failure(() => odeint((_t, y) => y, { a: [1, 2] } as unknown as tf.Tensor, options)).message).toBe(
      'y0.a[0] must be a float32 tensor, an array or record of tensors, or a Float64Array, got number 1.',
    );
    expect(failure(() => odeint('f' as never, new Float64Array(1), options)).message).toBe('f must be a function (t, y, out) => dy/dt, got string f.');
    int.dispose();
  });

  it('reports a non-finite final state once, or the first bad step with checkFinite every-step', () => {
    const y0 = tf.tensor1d([1]);
    // y′ = e^{30y}: finite after the first Euler step (y ≈ 2.7e12), Infinity after the second.
    const explode = (_t: number, y: tf.Tensor) => tf.exp(tf.mul(y, 30));
    const before = tf.memory().numTensors;
    const final = failure(() => odeint(explode, y0, { t0: 0, t1: 1, method: 'euler', steps: 4 }));
    expect(final.code).toBe('non-finite');
    expect(final.message).toMatch(/^The state at t=1 contains NaN or Infinity after 4 euler steps\. Pass checkFinite: 'every-step'/);
    const first = failure(() => odeint(explode, y0, { t0: 0, t1: 1, method: 'euler', steps: 4, checkFinite: 'every-step' }));
    expect(first.message).toMatch(/^The state became non-finite \(NaN or Infinity\) in the step from t=0\.25 to t=0\.5\./);
    expect(first.t).toBe(0.5);
    const unchecked = odeint(explode, y0, { t0: 0, t1: 1, method: 'euler', steps: 4, checkFinite: 'never' });
    expect(Number.isFinite(values(unchecked.y)[0])).toBe(false);
    unchecked.y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    y0.dispose();
  });
});
