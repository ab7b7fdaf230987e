import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxError, observedOrder, PROBLEMS, type ArrayProblem } from '../test/problems';
import { odeint } from './index';
import type { ButcherTableau, MethodName } from './tableau';

const T = 1;

function errorAt(problem: ArrayProblem, method: MethodName | ButcherTableau, steps: number): number {
  const { y } = odeint(problem.f, Float64Array.from(problem.y0), { t0: 0, t1: T, method, steps });
  return maxError(y, problem.exact(T));
}

function measuredOrder(problem: ArrayProblem, method: MethodName | ButcherTableau, stepCounts: readonly number[]): number {
  return observedOrder(
    stepCounts.map((n) => T / n),
    stepCounts.map((n) => errorAt(problem, method, n)),
  );
}

// Step counts keep every error well above float64 round-off, so the slope is the method's, not noise.
const CASES: { method: MethodName; order: number; steps: number[] }[] = [
  { method: 'euler', order: 1, steps: [64, 128, 256, 512] },
  { method: 'midpoint', order: 2, steps: [16, 32, 64, 128] },
  { method: 'heun', order: 2, steps: [16, 32, 64, 128] },
  { method: 'rk4', order: 4, steps: [4, 8, 16, 32] },
  { method: 'dopri5', order: 5, steps: [6, 12, 24, 48] },
];

// The 3/8-rule: a 4th-order method that is not RK4, to exercise the custom-tableau path.
const THREE_EIGHTHS: ButcherTableau = {
  name: '3/8 rule',
  a: [
    [0, 0, 0, 0],
    [1 / 3, 0, 0, 0],
    [-1 / 3, 1, 0, 0],
    [1, -1, 1, 0],
  ],
  b: [1 / 8, 3 / 8, 3 / 8, 1 / 8],
  c: [0, 1 / 3, 2 / 3, 1],
};

describe('convergence order on the Float64Array path', () => {
  for (const { method, order, steps } of CASES) {
    for (const problem of PROBLEMS) {
      it(`${method} has order ${order} on the ${problem.name}`, () => {
        expect(Math.abs(measuredOrder(problem, method, steps) - order)).toBeLessThan(0.12);
      });
    }
  }

  it('a user-supplied tableau (3/8 rule) has order 4', () => {
    for (const problem of PROBLEMS) {
      expect(Math.abs(measuredOrder(problem, THREE_EIGHTHS, [4, 8, 16, 32]) - 4)).toBeLessThan(0.12);
    }
  });

  it('a fixed-step dopri5 evaluates f 6 times per step plus once at the start (FSAL)', () => {
    const { stats } = odeint(PROBLEMS[0].f, new Float64Array([1]), { t0: 0, t1: 1, method: 'dopri5', steps: 10 });
    expect(stats).toEqual({ nfev: 61, steps: 10, accepted: 10, rejected: 0 });
  });
});

describe('tensor path (float32) at coarse steps', () => {
  const decayField = (_t: number, y: tf.Tensor) => tf.neg(y);

  function tensorError(method: MethodName, steps: number, t1: number): number {
    const y0 = tf.ones([3, 2]);
    const { y } = odeint(decayField, y0, { t0: 0, t1, method, steps });
    const values = y.dataSync();
    tf.dispose([y0, y]);
    return Math.max(...Array.from(values, (v) => Math.abs(v - Math.exp(-t1))));
  }

  it.each([
    ['euler', 1, [4, 8, 16]],
    ['midpoint', 2, [4, 8, 16]],
    ['heun', 2, [4, 8, 16]],
    ['rk4', 4, [2, 4, 8]],
  ] as const)('%s has order %d where float32 round-off is negligible', (method, order, stepCounts) => {
    // Coarse steps are not yet in the asymptotic regime, hence the looser tolerance than on the float64 path.
    const t1 = 2;
    const errors = stepCounts.map((n) => tensorError(method, n, t1));
    expect(Math.abs(observedOrder(stepCounts.map((n) => t1 / n), errors) - order)).toBeLessThan(0.5);
  });

  it('matches the Float64Array path to float32 precision', () => {
    const problem = PROBLEMS[1];
    for (const method of ['euler', 'rk4', 'dopri5'] as const) {
      const reference = odeint(problem.f, Float64Array.from(problem.y0), { t0: 0, t1: 3, method, steps: 12 }).y;
      const y0 = tf.tensor2d([[...problem.y0]]);
      const rotate = tf.tensor2d([
        [0, -1],
        [1, 0],
      ]);
      const { y } = odeint((_t, y: tf.Tensor2D) => tf.matMul(y, rotate), y0, { t0: 0, t1: 3, method, steps: 12 });
      const values = y.dataSync();
      expect(Math.abs(values[0] - reference[0])).toBeLessThan(1e-6);
      expect(Math.abs(values[1] - reference[1])).toBeLessThan(1e-6);
      tf.dispose([y0, rotate, y]);
    }
  });
});
