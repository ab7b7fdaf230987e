import { createWorkspace, type RkWorkspace } from './explicit-rk';
import { OdeError } from './errors';
import type { SavePoints, StepSaves } from './save-points';
import type { StateAlgebra } from './state-algebra';
import type { ValidTableau } from './tableau';

/** Work counters of a solve. */
export interface OdeStats {
  /** Evaluations of f. */
  nfev: number;
  /** Step attempts, accepted and rejected. */
  steps: number;
  accepted: number;
  rejected: number;
}

/** A step that an integrator has computed and now takes as its current state. */
export interface StepOutcome<S> {
  readonly tNew: number;
  readonly yNew: S;
  /** f(tNew, yNew) when the tableau provides it (FSAL), already owned by the solver. */
  readonly kNext: S | undefined;
  readonly saves: StepSaves<S>;
}

/**
 * The state of a running solve and what both integrators share: who owns the current state, the two buffers that
 * alternate as "current" and "next" on the Float64Array path, the FSAL derivative carried between steps, and
 * hand-over at the end. The caller's y0 is never disposed or written.
 */
export abstract class Integrator<S> {
  readonly stats: OdeStats = { nfev: 0, steps: 0, accepted: 0, rejected: 0 };
  t: number;
  y: S;
  /** f(t, y) for the current state when already known. */
  protected k1: S | undefined;
  protected readonly workspace: RkWorkspace<S>;
  private readonly buffers: readonly [S | undefined, S | undefined];
  /** The current state also sits in the caller's ys (tensors): it is not the solver's to dispose. */
  private shared = false;
  private released = false;

  constructor(
    protected readonly algebra: StateAlgebra<S, unknown>,
    protected readonly tableau: ValidTableau,
    protected readonly saves: SavePoints<S> | undefined,
    protected readonly t0: number,
    protected readonly t1: number,
    protected readonly checkEveryStep: boolean,
  ) {
    this.t = t0;
    this.y = algebra.initial;
    this.workspace = createWorkspace(algebra, tableau);
    this.buffers = [algebra.workspace(), algebra.workspace()];
  }

  abstract get done(): boolean;

  /** Takes one accepted step (an adaptive integrator may reject attempts on the way). */
  abstract advance(): void;

  /** Where the next state is written: whichever buffer is not the current state. */
  protected nextBuffer(): S | undefined {
    return this.y === this.buffers[0] ? this.buffers[1] : this.buffers[0];
  }

  protected accept(outcome: StepOutcome<S>): void {
    const { algebra } = this;
    if (this.y !== algebra.initial && !this.shared) algebra.dispose(this.y);
    if (this.k1 !== undefined) algebra.dispose(this.k1);
    if (outcome.kNext !== undefined) {
      // Buffer path: the FSAL derivative was written into the last stage slot; it becomes the next step's k1 slot.
      const { ks } = this.workspace;
      [ks[0], ks[ks.length - 1]] = [ks[ks.length - 1], ks[0]];
    }
    const tPrevious = this.t;
    this.t = outcome.tNew;
    this.y = outcome.yNew;
    this.k1 = outcome.kNext;
    this.shared = outcome.saves.sharesNew;
    this.saves?.record(outcome.saves.times, outcome.saves.states);
    if (this.checkEveryStep && !algebra.allFinite(this.y)) {
      throw new OdeError(
        'non-finite',
        `The state became non-finite (NaN or Infinity) in the step from t=${tPrevious} to t=${this.t}. ` +
          `Check f for divisions by zero, logs or square roots of negative values, or a blow-up; try smaller steps.`,
        this.t,
      );
    }
  }

  /** Hands the current state to the caller: a copy where it is y0 or already in ys, else the state itself. */
  release(): S {
    this.released = true;
    const { algebra } = this;
    return this.y === algebra.initial || this.shared ? algebra.copy(this.y) : this.y;
  }

  /** Frees what the solver owns: the current state unless released, shared or y0, and the carried derivative. */
  dispose(): void {
    const { algebra } = this;
    if (!this.released && this.y !== algebra.initial && !this.shared) algebra.dispose(this.y);
    if (this.k1 !== undefined) algebra.dispose(this.k1);
    this.k1 = undefined;
    this.released = true;
  }
}
