import { describe, expect, it } from 'vitest';
import { maxError, oscillator, PROBLEMS } from '../test/problems';
import { OdeError } from './errors';
import { odeint } from './index';
import type { ButcherTableau } from './tableau';

const y0 = () => Float64Array.from(oscillator.y0);

// Bogacki–Shampine 3(2): an embedded FSAL tableau without a continuous extension.
const BOGACKI_SHAMPINE: ButcherTableau = {
  name: 'bosh3',
  a: [
    [0, 0, 0, 0],
    [1 / 2, 0, 0, 0],
    [0, 3 / 4, 0, 0],
    [2 / 9, 1 / 3, 4 / 9, 0],
  ],
  b: [2 / 9, 1 / 3, 4 / 9, 0],
  c: [0, 1 / 2, 3 / 4, 1],
  order: 3,
  bHat: [7 / 24, 1 / 4, 1 / 3, 1 / 8],
  embeddedOrder: 2,
};

function failure(run: () => unknown): OdeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OdeError);
    return error as OdeError;
  }
  throw new Error('expected the solve to fail');
}

describe('adaptive dopri5', () => {
  it('meets rtol 1e-8 on the harmonic oscillator over [0, 20], at t1 and at dense-output save times', () => {
    const times = Array.from({ length: 41 }, (_, i) => i / 2);
    const { y, ts, ys, stats } = odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol: 1e-8, atol: 1e-10, saveAt: { times } });
    expect(maxError(y, oscillator.exact(20))).toBeLessThan(1e-7);
    expect(ts).toEqual(times);
    ys!.forEach((state, i) => expect(maxError(state, oscillator.exact(times[i]))).toBeLessThan(1e-7));
    // The save times do not change the steps: dense output interpolates inside them.
    const plain = odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol: 1e-8, atol: 1e-10 });
    expect(plain.stats).toEqual(stats);
  });

  it('gets more accurate as the tolerance tightens', () => {
    const errors = [1e-4, 1e-6, 1e-8].map((rtol) => maxError(odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol, atol: rtol / 100 }).y, oscillator.exact(20)));
    expect(errors[1]).toBeLessThan(errors[0] / 10);
    expect(errors[2]).toBeLessThan(errors[1] / 10);
  });

  it('needs fewer evaluations of f than RK4 at equal accuracy', () => {
    const adaptive = odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol: 1e-8, atol: 1e-10 });
    const target = maxError(adaptive.y, oscillator.exact(20));
    const rk4Error = (steps: number) => maxError(odeint(oscillator.f, y0(), { t0: 0, t1: 20, method: 'rk4', steps }).y, oscillator.exact(20));
    // Smallest RK4 step count that is as accurate: double, then bisect.
    let hi = 64;
    while (rk4Error(hi) > target) hi *= 2;
    let lo = hi / 2;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (rk4Error(mid) > target) lo = mid;
      else hi = mid;
    }
    expect(adaptive.stats.nfev).toBeLessThan(4 * hi);
  });

  it('counts its work: attempts = accepted + rejected, 6 evaluations per attempt plus 2 to start', () => {
    const { stats } = odeint(PROBLEMS[2].f, new Float64Array([0.1]), { t0: 0, t1: 10, rtol: 1e-6 });
    expect(stats.steps).toBe(stats.accepted + stats.rejected);
    expect(stats.nfev).toBe(2 + 6 * stats.steps);
  });

  it('integrates backward in time back to the start', () => {
    const forward = odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol: 1e-9, atol: 1e-12 });
    const back = odeint(oscillator.f, forward.y, { t0: 20, t1: 0, rtol: 1e-9, atol: 1e-12, saveAt: { times: [20, 10, 0] } });
    expect(maxError(back.y, oscillator.y0)).toBeLessThan(1e-7);
    expect(maxError(back.ys![1], oscillator.exact(10))).toBeLessThan(1e-7);
  });

  it('honours firstStep and maxStep', () => {
    const { ts, stats } = odeint(oscillator.f, y0(), { t0: 0, t1: 5, firstStep: 1e-3, maxStep: 0.25, saveAt: { everyStep: true } });
    expect(ts![1]).toBeCloseTo(1e-3, 15);
    expect(stats.nfev).toBe(1 + 6 * stats.steps);
    for (let i = 1; i < ts!.length; i++) expect(ts![i] - ts![i - 1]).toBeLessThanOrEqual(0.25 + 1e-15);
    expect(ts![ts!.length - 1]).toBe(5);
  });

  it('runs a user tableau with bHat adaptively, stepping exactly onto save times it cannot interpolate', () => {
    const times = [0.3, 1.7, 4];
    const { y, ts, ys } = odeint(oscillator.f, y0(), { t0: 0, t1: 4, method: BOGACKI_SHAMPINE, rtol: 1e-7, atol: 1e-9, saveAt: { times } });
    expect(ts).toEqual(times);
    ys!.forEach((state, i) => expect(maxError(state, oscillator.exact(times[i]))).toBeLessThan(1e-5));
    expect(maxError(y, oscillator.exact(4))).toBeLessThan(1e-5);
  });
});

describe('adaptive failures', () => {
  const square = (_t: number, y: Float64Array, out: Float64Array) => {
    out[0] = y[0] * y[0];
    return out;
  };

  it('reports step-size underflow below minStep at a blow-up (y′ = y², singular at t = 1)', () => {
    const error = failure(() => odeint(square, new Float64Array([1]), { t0: 0, t1: 2, minStep: 1e-4 }));
    expect(error.code).toBe('step-underflow');
    expect(error.t).toBeGreaterThan(0.99);
    expect(error.t).toBeLessThan(1);
    expect(error.message).toMatch(/^Step size underflow at t=0\.99\d+: the error control asks for a step of [\d.e-]+, below minStep \(0\.0001\)\./);
    expect(error.message).toContain('loosen rtol (0.001) / atol (0.000001), lower minStep, or check f near t=');
  });

  it('reports step-size underflow below the floating-point spacing of t without minStep', () => {
    const error = failure(() => odeint(square, new Float64Array([1]), { t0: 0, t1: 2 }));
    expect(error.code).toBe('step-underflow');
    expect(error.message).toContain('below the floating-point spacing of t');
  });

  it('reports max-steps with where it stopped', () => {
    const error = failure(() => odeint(oscillator.f, y0(), { t0: 0, t1: 20, rtol: 1e-10, atol: 1e-12, maxSteps: 10 }));
    expect(error.code).toBe('max-steps');
    expect(error.message).toMatch(/^Reached maxSteps \(10 step attempts: \d+ accepted, \d+ rejected\) at t=[\d.]+, [\d.]+% of the way from t0=0 to t1=20\. Raise maxSteps/);
  });

  it('reports a non-finite derivative as non-finite, near where it appears', () => {
    const nanLater = (t: number, y: Float64Array, out: Float64Array) => {
      out[0] = t > 0.5 ? NaN : -y[0];
      return out;
    };
    const error = failure(() => odeint(nanLater, new Float64Array([1]), { t0: 0, t1: 1 }));
    expect(error.code).toBe('non-finite');
    expect(error.t).toBeCloseTo(0.5, 10);
    expect(error.message).toMatch(/^The solution or f became non-finite \(NaN or Infinity\) near t=0\.4999/);
  });
});
