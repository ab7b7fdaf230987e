import type { StateAlgebra } from './state-algebra';
import type { ValidTableau } from './tableau';

/** Scratch buffers of one solve: a stage state and one derivative per stage (all undefined for tensors). */
export interface RkWorkspace<S> {
  readonly stage: S | undefined;
  /** Reordered by the integrators when an FSAL derivative moves from the last slot to the first. */
  readonly ks: (S | undefined)[];
  readonly error: S | undefined;
}

export function createWorkspace<S>(algebra: StateAlgebra<S, unknown>, tableau: ValidTableau): RkWorkspace<S> {
  return {
    stage: algebra.workspace(),
    ks: Array.from({ length: tableau.stages }, () => algebra.workspace()),
    error: tableau.errorWeights === undefined ? undefined : algebra.workspace(),
  };
}

export interface RkStepResult<S> {
  /** y + h·Σ b_i·k_i. */
  readonly y: S;
  /** The stage derivatives k_1 … k_s. */
  readonly ks: S[];
}

/**
 * One explicit Runge–Kutta step of size h (negative when integrating backward) from (t, y). `k1` is f(t, y)
 * when the caller already has it (FSAL or the initial step-size estimate); then it must sit in `workspace.ks[0]`
 * on the buffer path. The new state is written into `out`.
 */
export function rkStep<S>(
  algebra: StateAlgebra<S, unknown>,
  tableau: ValidTableau,
  t: number,
  y: S,
  h: number,
  k1: S | undefined,
  workspace: RkWorkspace<S>,
  out: S | undefined,
): RkStepResult<S> {
  const { a, b, c, stages, fsal } = tableau;
  const ks: S[] = [k1 ?? algebra.evaluate(t, y, workspace.ks[0])];
  let yNew: S | undefined;
  for (let i = 1; i < stages; i++) {
    // With FSAL the last stage is evaluated at the new state itself (its row of a equals b).
    const stageState = fsal && i === stages - 1 ? (yNew = algebra.combine(out, y, h, b, ks)) : algebra.combine(workspace.stage, y, h, a[i], ks);
    ks.push(algebra.evaluate(t + c[i] * h, stageState, workspace.ks[i]));
  }
  return { y: yNew ?? algebra.combine(out, y, h, b, ks), ks };
}
