/**
 * The arithmetic the integrators need on a state, so one integrator serves tensor trees and Float64Arrays.
 * `S` is the internal state (a list of tensor leaves, or one Float64Array); `U` is what the user's f sees.
 *
 * Buffers: the Float64Array algebra writes results into preallocated buffers handed in as `out`; the tensor
 * algebra ignores `out` (tensors are immutable) and returns new tensors, which `scope` cleans up.
 */
export interface StateAlgebra<S, U> {
  /**
   * True when states are immutable values (tensors) that can be handed to the caller as they are; false when
   * they are reused buffers, so a state handed out must be copied.
   */
  readonly sharesStates: boolean;
  /** Number of scalar components, the denominator of RMS norms. */
  readonly size: number;
  /** The caller's y0 in internal form. The integrators never dispose or write it. */
  readonly initial: S;
  /** A scratch state for `out` arguments: a fresh buffer, or undefined where results are always new values. */
  workspace(): S | undefined;
  /** f(t, y), checked to have y's structure; written into `out` where the algebra uses buffers. */
  evaluate(t: number, y: S, out: S | undefined): S;
  /** base + h·Σ_j coeffs[j]·ks[j] over j < ks.length (zero coefficients skipped); no base means 0. */
  combine(out: S | undefined, base: S | undefined, h: number, coeffs: readonly number[], ks: readonly S[]): S;
  /** sqrt(mean((v / (atol + rtol·max(|refA|, |refB|)))²)): the weighted RMS norm of step-size control. */
  weightedRms(v: S, refA: S, refB: S, rtol: number, atol: number): number;
  /** Whether every component is finite. */
  allFinite(y: S): boolean;
  /** An independent copy, owned by whoever asked for it. */
  copy(y: S): S;
  /** A value that stays valid after the current scope ends and after f's own tensors are released. */
  own(y: S): S;
  /** Releases a state the solver owns. */
  dispose(y: S): void;
  /** Runs fn; states created inside and not part of its result are released at the end. */
  scope<T>(fn: () => T): T;
  /** The user-facing form of a state. */
  toUser(y: S): U;
}
