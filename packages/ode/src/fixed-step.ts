import { rkStep } from './explicit-rk';
import { FixedGrid } from './fixed-grid';
import { Integrator, type StepOutcome } from './integrator';
import type { FixedPlan } from './options';
import { statesToSave, type SavePoints } from './save-points';
import type { StateAlgebra } from './state-algebra';
import type { ValidTableau } from './tableau';

/** Steps a fixed grid of times with one explicit Runge–Kutta step per node; no data leaves the device. */
export class FixedStepIntegrator<S> extends Integrator<S> {
  private readonly grid: FixedGrid;

  constructor(
    algebra: StateAlgebra<S, unknown>,
    tableau: ValidTableau,
    plan: FixedPlan,
    saves: SavePoints<S> | undefined,
    saveTimes: readonly number[] | undefined,
    t0: number,
    t1: number,
    checkEveryStep: boolean,
  ) {
    super(algebra, tableau, saves, t0, t1, checkEveryStep);
    this.grid = new FixedGrid(t0, t1, plan, saveTimes);
  }

  get done(): boolean {
    return this.grid.done;
  }

  advance(): void {
    if (this.done) return;
    const { algebra, tableau, t, y, k1, saves } = this;
    const tNew = this.grid.next();
    const h = tNew - t;
    const out = this.nextBuffer();
    const outcome = algebra.scope((): StepOutcome<S> => {
      const { y: yNew, ks } = rkStep(algebra, tableau, t, y, h, k1, this.workspace, out);
      const step = { t, h, tNew, y, yNew, ks };
      return {
        tNew,
        yNew,
        kNext: tableau.fsal ? algebra.own(ks[ks.length - 1]) : undefined,
        saves: saves === undefined ? { times: [], states: [], sharesNew: false } : statesToSave(algebra, saves, step, undefined),
      };
    });
    this.stats.nfev += k1 === undefined ? tableau.stages : tableau.stages - 1;
    this.stats.steps++;
    this.stats.accepted++;
    this.accept(outcome);
  }
}
