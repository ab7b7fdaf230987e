import type { RkWorkspace } from './explicit-rk';
import type { AdaptivePlan } from './options';
import type { StateAlgebra } from './state-algebra';

/**
 * Hairer's starting step size (Solving ODEs I, §II.4): a step h0 from the sizes of y0 and f0 in the error norm,
 * then a step h1 from a finite-difference estimate of the second derivative, whichever is smaller. Costs one
 * evaluation of f. Returns the step magnitude.
 */
export function initialStepSize<S>(
  algebra: StateAlgebra<S, unknown>,
  t0: number,
  y0: S,
  f0: S,
  direction: 1 | -1,
  remaining: number,
  errorOrder: number,
  plan: AdaptivePlan,
  workspace: RkWorkspace<S>,
): number {
  const { rtol, atol, maxStep } = plan;
  return algebra.scope(() => {
    const d0 = algebra.weightedRms(y0, y0, y0, rtol, atol);
    const d1 = algebra.weightedRms(f0, y0, y0, rtol, atol);
    const h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1, maxStep, remaining);
    const y1 = algebra.combine(workspace.stage, y0, direction * h0, [1], [f0]);
    const f1 = algebra.evaluate(t0 + direction * h0, y1, workspace.ks[1]);
    const d2 = algebra.weightedRms(algebra.combine(workspace.stage, f1, 1, [-1], [f0]), y0, y0, rtol, atol) / h0;
    const dMax = Math.max(d1, d2);
    const h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dMax, 1 / (errorOrder + 1));
    return Math.min(100 * h0, h1, maxStep, remaining);
  });
}
