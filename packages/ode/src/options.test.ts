import { describe, expect, it } from 'vitest';
import { OdeError } from './errors';
import { resolveOptions, type OdeOptions, type StatePrecision } from './options';

function message(options: unknown, caller: 'odeint' | 'stepper' = 'odeint', precision: StatePrecision = 'float32'): string {
  try {
    resolveOptions(options as OdeOptions, caller, precision);
  } catch (error) {
    expect(error).toBeInstanceOf(OdeError);
    expect((error as OdeError).code).toBe('invalid-argument');
    return (error as Error).message;
  }
  throw new Error('expected the options to be rejected');
}

describe('resolveOptions', () => {
  it('defaults to adaptive dopri5 with rtol 1e-3, atol 1e-6 and a final finite check', () => {
    const resolved = resolveOptions({ t0: 0, t1: 1 }, 'odeint', 'float32');
    expect(resolved.tableau.name).toBe('dopri5');
    expect(resolved.plan).toMatchObject({ kind: 'adaptive', rtol: 1e-3, atol: 1e-6, minStep: 0, maxStep: Infinity, maxSteps: 10_000 });
    expect(resolved.checkFinite).toBe('final');
    expect(resolved.direction).toBe(1);
  });

  it('runs backward when t1 < t0', () => {
    expect(resolveOptions({ t0: 1, t1: 0, method: 'rk4', steps: 4 }, 'odeint', 'float32')).toMatchObject({
      direction: -1,
      plan: { kind: 'fixed', steps: 4, maxStepSize: 0.25 },
    });
  });

  it("rejects an rtol below what the state's precision resolves, and says what to use instead", () => {
    expect(message({ t0: 0, t1: 1, rtol: 1e-9 })).toBe(
      'rtol 1e-9 is below what a float32 state can resolve (about 7 significant digits): the error estimate would be ' +
        'rounding noise and the solve would shrink its steps until rounding errors dominate the result. Use rtol ≥ 5e-7 ' +
        'with tensors, or solve in float64 with a Float64Array state (@otflow/ode/array).',
    );
    expect(message({ t0: 0, t1: 1, rtol: 1e-15 }, 'stepper', 'float64')).toMatch(/^rtol 1e-15 is below what a float64 state can resolve .* Use rtol ≥ 2\.2e-14\.$/);
    expect(resolveOptions({ t0: 0, t1: 1, rtol: 5e-7 }, 'odeint', 'float32').plan).toMatchObject({ rtol: 5e-7 });
    expect(resolveOptions({ t0: 0, t1: 1, rtol: 1e-9 }, 'odeint', 'float64').plan).toMatchObject({ rtol: 1e-9 });
  });

  it('makes dopri5 fixed-step when steps or dt is given', () => {
    expect(resolveOptions({ t0: 0, t1: 1, steps: 8 }, 'odeint', 'float32').plan.kind).toBe('fixed');
  });

  it('rejects a missing options object and unknown keys, listing the valid ones', () => {
    expect(message(undefined)).toBe('options must be an object with at least t0 and t1, got undefined.');
    expect(message({ t0: 0, t1: 1, nsteps: 4 })).toBe(
      'Unknown option "nsteps": valid options are t0, t1, method, steps, dt, rtol, atol, firstStep, minStep, maxStep, maxSteps, controller, checkFinite, saveAt, onProgress.',
    );
    expect(message({ t0: 0, t1: 1, saveAt: { everyStep: true } }, 'stepper', 'float32')).toMatch(
      /^Unknown option "saveAt" \(saveAt is an odeint option: a stepper hands you every step\)/,
    );
  });

  it('rejects non-finite t0 and t1', () => {
    expect(message({ t0: NaN, t1: 1 })).toBe('t0 must be a finite number, got NaN.');
    expect(message({ t0: 0, t1: Infinity })).toBe('t1 must be a finite number, got Infinity.');
    expect(message({ t0: 0 })).toBe('t1 must be a finite number, got undefined.');
  });

  it('refuses a fixed-step method without steps or dt instead of picking a step', () => {
    expect(message({ t0: 0, t1: 1, method: 'rk4' })).toBe(
      'Method "rk4" has fixed steps and no error estimate: pass steps (number of equal steps) or dt (step size). ' +
        "odeint never picks a step size silently; for automatic steps use method 'dopri5'.",
    );
  });

  it('rejects steps that are not a positive integer', () => {
    for (const steps of [0, -2, 1.5, NaN]) {
      expect(message({ t0: 0, t1: 1, method: 'rk4', steps })).toBe(
        `steps must be a positive integer (the number of equal steps), got ${steps}.`,
      );
    }
  });

  it('rejects dt ≤ 0 or non-finite, and steps together with dt', () => {
    expect(message({ t0: 0, t1: 1, method: 'rk4', dt: 0 })).toBe('dt must be a positive finite step size (its sign follows t1 − t0), got 0.');
    expect(message({ t0: 1, t1: 0, method: 'rk4', dt: -0.1 })).toBe('dt must be a positive finite step size (its sign follows t1 − t0), got -0.1.');
    expect(message({ t0: 0, t1: 1, method: 'rk4', steps: 4, dt: 0.25 })).toBe(
      'Pass either steps (4) or dt (0.25), not both: each fixes the step size on its own.',
    );
  });

  it('rejects adaptive-only options on a fixed-step solve', () => {
    expect(message({ t0: 0, t1: 1, method: 'rk4', steps: 4, rtol: 1e-6 })).toBe(
      'rtol only applies to adaptive solves, but steps makes this solve fixed-step: remove it, or remove steps to solve adaptively.',
    );
    expect(message({ t0: 0, t1: 1, method: 'rk4', dt: 0.1, atol: 1e-9, maxSteps: 10 })).toMatch(
      /^atol, maxSteps only apply to adaptive solves, but dt makes this solve fixed-step: remove them, or remove dt/,
    );
  });

  it('rejects rtol/atol ≤ 0 and bad step limits', () => {
    expect(message({ t0: 0, t1: 1, rtol: 0 })).toBe('rtol must be a finite number > 0, got 0.');
    expect(message({ t0: 0, t1: 1, atol: -1e-6 })).toBe('atol must be a finite number > 0, got -0.000001.');
    expect(message({ t0: 0, t1: 1, firstStep: 0 })).toBe('firstStep must be a finite number > 0, got 0.');
    expect(message({ t0: 0, t1: 1, minStep: -1 })).toBe('minStep must be a finite number ≥ 0, got -1.');
    expect(message({ t0: 0, t1: 1, maxStep: 0 })).toBe('maxStep must be a number > 0, got 0.');
    expect(message({ t0: 0, t1: 1, minStep: 0.5, maxStep: 0.1 })).toBe('minStep (0.5) must not exceed maxStep (0.1).');
    expect(message({ t0: 0, t1: 1, maxSteps: 2.5 })).toBe('maxSteps must be a positive integer, got 2.5.');
  });

  it('validates checkFinite, accepting booleans as shorthands', () => {
    expect(resolveOptions({ t0: 0, t1: 1, checkFinite: true }, 'odeint', 'float32').checkFinite).toBe('every-step');
    expect(resolveOptions({ t0: 0, t1: 1, checkFinite: false }, 'odeint', 'float32').checkFinite).toBe('never');
    expect(message({ t0: 0, t1: 1, checkFinite: 'always' })).toBe(
      'checkFinite must be one of final, every-step, never (or a boolean), got always.',
    );
  });

  it('validates saveAt', () => {
    expect(resolveOptions({ t0: 1, t1: 0, saveAt: { times: [1, 0.5, 0] } }, 'odeint', 'float32').saveTimes).toEqual([1, 0.5, 0]);
    expect(message({ t0: 0, t1: 1, saveAt: { times: [0.5, 1.5] } })).toBe(
      'saveAt.times[1] = 1.5 lies outside [0, 1], the span from t0 to t1.',
    );
    expect(message({ t0: 0, t1: 1, saveAt: { times: [0.5, 0.5] } })).toBe(
      'saveAt.times must be strictly increasing (the direction from t0 to t1), but times[0] = 0.5 and times[1] = 0.5.',
    );
    expect(message({ t0: 1, t1: 0, saveAt: { times: [0, 1] } })).toMatch(/^saveAt.times must be strictly decreasing/);
    expect(message({ t0: 0, t1: 1, saveAt: { times: [NaN] } })).toBe('saveAt.times[0] must be a finite number, got NaN.');
    expect(message({ t0: 0, t1: 1, saveAt: { times: [0], everyStep: true } })).toBe(
      'saveAt must be {times: number[]} or {everyStep: true}, got keys times, everyStep.',
    );
    expect(message({ t0: 0, t1: 1, saveAt: { everyStep: 1 } })).toBe('saveAt.everyStep must be true, got 1.');
  });

  it('validates onProgress', () => {
    expect(message({ t0: 0, t1: 1, onProgress: 'log' })).toBe('onProgress must be a function ({t, fraction, steps}) => void, got string.');
  });
});
