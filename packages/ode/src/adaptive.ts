import { PIController } from './controller';
import { OdeError } from './errors';
import { rkStep } from './explicit-rk';
import { initialStepSize } from './initial-step';
import { Integrator, type StepOutcome } from './integrator';
import type { AdaptivePlan } from './options';
import { statesToSave, type SavePoints } from './save-points';
import type { StateAlgebra } from './state-algebra';
import type { ValidTableau } from './tableau';

type Attempt<S> = { readonly err: number; readonly outcome?: StepOutcome<S> };

/**
 * Adaptive steps with an embedded error estimate (Dormand–Prince 5(4) or any tableau with bHat) and a PI
 * controller. Save times inside a step come from the tableau's continuous extension; a tableau without one
 * steps exactly onto each save time instead.
 */
export class AdaptiveIntegrator<S> extends Integrator<S> {
  private readonly controller: PIController;
  private readonly errorWeights: readonly number[];
  private readonly errorOrder: number;
  private readonly direction: 1 | -1;
  /** Signed size of the next attempt, once known. */
  private h: number | undefined;
  private lastRejected = false;
  private lastErrorNonFinite = false;

  constructor(
    algebra: StateAlgebra<S, unknown>,
    tableau: ValidTableau,
    private readonly plan: AdaptivePlan,
    saves: SavePoints<S> | undefined,
    t0: number,
    t1: number,
    checkEveryStep: boolean,
  ) {
    super(algebra, tableau, saves, t0, t1, checkEveryStep);
    if (tableau.errorWeights === undefined || tableau.errorOrder === undefined) {
      throw new Error(`Internal error: adaptive integrator for "${tableau.name}", which has no error estimate.`);
    }
    this.errorWeights = tableau.errorWeights;
    this.errorOrder = tableau.errorOrder;
    this.direction = t1 < t0 ? -1 : 1;
    this.controller = new PIController(this.errorOrder, plan.controller);
    if (plan.firstStep !== undefined) this.h = this.direction * plan.firstStep;
  }

  get done(): boolean {
    return this.t === this.t1;
  }

  advance(): void {
    if (this.done) return;
    const { algebra, plan, direction } = this;
    const k1 = this.currentDerivative();
    if (this.h === undefined) {
      const remaining = Math.abs(this.t1 - this.t);
      this.h = direction * initialStepSize(algebra, this.t, this.y, k1, direction, remaining, this.errorOrder, plan, this.workspace);
      this.stats.nfev++;
    }
    for (;;) {
      if (this.stats.steps >= plan.maxSteps) throw this.maxStepsError();
      const proposed: number = direction * Math.min(Math.abs(this.h), plan.maxStep);
      let h: number = proposed;
      let tNew = this.t + h;
      let clipped = false;
      // Land exactly on t1, stretching by up to 1% (within maxStep) rather than leaving a sliver of a last step.
      const remaining = Math.abs(this.t1 - this.t);
      if (Math.abs(h) * 1.01 >= remaining && remaining <= plan.maxStep) {
        h = this.t1 - this.t;
        tNew = this.t1;
        clipped = true;
      }
      const upcoming = this.tableau.dense === undefined ? this.saves?.upcoming : undefined;
      if (upcoming !== undefined && (tNew - upcoming) * direction > 0) {
        h = upcoming - this.t;
        tNew = upcoming;
        clipped = true;
      }
      this.checkStepSize(h, clipped);
      const attempt = this.attempt(h, tNew, k1);
      this.stats.steps++;
      this.stats.nfev += this.tableau.stages - 1;
      if (attempt.outcome === undefined) {
        this.stats.rejected++;
        this.lastRejected = true;
        this.lastErrorNonFinite = !Number.isFinite(attempt.err);
        this.h = h * this.controller.afterReject(attempt.err);
        continue;
      }
      this.stats.accepted++;
      const factor = this.controller.afterAccept(attempt.err, this.lastRejected);
      // A step shortened to hit t1 or a save time says little about the right size: keep the proposal if larger.
      this.h = clipped ? direction * Math.max(Math.abs(h * factor), Math.abs(proposed)) : h * factor;
      this.lastRejected = false;
      this.lastErrorNonFinite = false;
      this.accept(attempt.outcome);
      return;
    }
  }

  /** f(t, y) for the current state: carried over by FSAL, or evaluated now and owned by the solver. */
  private currentDerivative(): S {
    if (this.k1 === undefined) {
      const { algebra, t, y } = this;
      this.k1 = algebra.scope(() => algebra.own(algebra.evaluate(t, y, this.workspace.ks[0])));
      this.stats.nfev++;
    }
    return this.k1;
  }

  private attempt(h: number, tNew: number, k1: S): Attempt<S> {
    const { algebra, tableau, plan, t, y, saves } = this;
    const out = this.nextBuffer();
    return algebra.scope((): Attempt<S> => {
      const { y: yNew, ks } = rkStep(algebra, tableau, t, y, h, k1, this.workspace, out);
      const error = algebra.combine(this.workspace.error, undefined, h, this.errorWeights, ks);
      const err = algebra.weightedRms(error, y, yNew, plan.rtol, plan.atol);
      // `!(err <= 1)` also rejects NaN: a non-finite error shrinks the step like a large one.
      if (!(err <= 1)) return { err };
      const step = { t, h, tNew, y, yNew, ks };
      return {
        err,
        outcome: {
          tNew,
          yNew,
          kNext: tableau.fsal ? algebra.own(ks[ks.length - 1]) : undefined,
          saves: saves === undefined ? { times: [], states: [], sharesNew: false } : statesToSave(algebra, saves, step, tableau.dense),
        },
      };
    });
  }

  private checkStepSize(h: number, clipped: boolean): void {
    const size = Math.abs(h);
    const belowMin = size < this.plan.minStep && !clipped;
    // Below a few units in the last place of t, t + h cannot move t.
    const belowSpacing = size <= 4 * Number.EPSILON * Math.abs(this.t) || size === 0;
    if (!belowMin && !belowSpacing) return;
    const limit = belowMin ? `minStep (${this.plan.minStep})` : `the floating-point spacing of t`;
    if (this.lastErrorNonFinite) {
      throw new OdeError(
        'non-finite',
        `The solution or f became non-finite (NaN or Infinity) near t=${this.t}: shrinking the step to ${size} (below ${limit}) did not help. ` +
          `Check f for divisions by zero, logs or square roots of negative values, or a finite-time blow-up of the solution.`,
        this.t,
      );
    }
    throw new OdeError(
      'step-underflow',
      `Step size underflow at t=${this.t}: the error control asks for a step of ${size}, below ${limit}. ` +
        `The solution may blow up or be singular here, or the problem is stiff; loosen rtol (${this.plan.rtol}) / atol (${this.plan.atol})` +
        `${this.plan.minStep > 0 ? ', lower minStep' : ''}, or check f near t=${this.t}.`,
      this.t,
    );
  }

  private maxStepsError(): OdeError {
    const { t0, t1 } = this;
    const fraction = (this.t - t0) / (t1 - t0);
    return new OdeError(
      'max-steps',
      `Reached maxSteps (${this.plan.maxSteps} step attempts: ${this.stats.accepted} accepted, ${this.stats.rejected} rejected) at t=${this.t}, ` +
        `${(100 * fraction).toFixed(1)}% of the way from t0=${t0} to t1=${t1}. Raise maxSteps, loosen rtol/atol, ` +
        `or check whether the problem is stiff (an explicit method then needs very small steps).`,
      this.t,
    );
  }
}
