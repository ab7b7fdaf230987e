import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLLER, PIController, resolveController } from './controller';

describe('PIController', () => {
  it('with beta = 0 grows a step by safety·err^(−1/(q+1))', () => {
    const controller = new PIController(4, { ...DEFAULT_CONTROLLER, beta: 0 });
    expect(controller.afterAccept(0.5 ** 5, false)).toBeCloseTo(0.9 * 2, 12);
  });

  it('uses Hairer’s DOPRI5 exponents by default: err^−0.17 · err_prev^0.04', () => {
    const controller = new PIController(4, DEFAULT_CONTROLLER);
    const first = controller.afterAccept(0.1, false);
    expect(first).toBeCloseTo(0.9 * Math.pow(0.1, -0.17) * Math.pow(1e-4, 0.04), 12);
    expect(controller.afterAccept(0.1, false)).toBeCloseTo(0.9 * Math.pow(0.1, -0.17) * Math.pow(0.1, 0.04), 12);
  });

  it('clamps growth to maxFactor (also for a zero error) and shrinking to minFactor', () => {
    const controller = new PIController(4, DEFAULT_CONTROLLER);
    expect(controller.afterAccept(0, false)).toBe(10);
    expect(controller.afterReject(1e12)).toBe(0.2);
  });

  it('does not grow the step right after a rejection', () => {
    const controller = new PIController(4, DEFAULT_CONTROLLER);
    expect(controller.afterAccept(1e-6, true)).toBe(1);
  });

  it('shrinks after a rejection by the integral part, and by minFactor for a non-finite error', () => {
    const controller = new PIController(4, DEFAULT_CONTROLLER);
    expect(controller.afterReject(2)).toBeCloseTo(0.9 * Math.pow(2, -0.17), 12);
    expect(controller.afterReject(NaN)).toBe(0.2);
  });
});

describe('resolveController', () => {
  it('fills defaults and rejects bad values with the valid range', () => {
    expect(resolveController({ safety: 0.8 })).toEqual({ ...DEFAULT_CONTROLLER, safety: 0.8 });
    expect(() => resolveController({ safety: 0 })).toThrow('controller.safety must be in (0, 1], got 0.');
    expect(() => resolveController({ minFactor: 1 })).toThrow('controller.minFactor must be in (0, 1), got 1.');
    expect(() => resolveController({ maxFactor: 1 })).toThrow('controller.maxFactor must be a finite number > 1, got 1.');
    expect(() => resolveController({ beta: 0.5 })).toThrow('controller.beta must be in [0, 0.2), got 0.5.');
    expect(() => resolveController({ gain: 1 } as never)).toThrow(
      'Unknown controller option "gain": valid options are safety, minFactor, maxFactor, beta.',
    );
  });
});
