import { createIntegrator } from './create-integrator';
import { OdeError } from './errors';
import type { Integrator, OdeStats } from './integrator';
import type { ResolvedOptions } from './options';
import { SavePoints } from './save-points';
import type { StateAlgebra } from './state-algebra';

/** What odeint returns. Every state in it belongs to the caller (dispose tensors when done). */
export interface OdeSolution<Y> {
  /** The state at t1. */
  readonly y: Y;
  /** Times of the saved states (with saveAt). */
  readonly ts?: number[];
  /** Saved states (with saveAt), one per entry of ts. */
  readonly ys?: Y[];
  readonly stats: OdeStats;
}

/** Runs a whole solve on one state algebra; on failure it frees everything it made before rethrowing. */
export function solve<S, U>(algebra: StateAlgebra<S, U>, options: ResolvedOptions): OdeSolution<U> {
  const { t0, t1, onProgress } = options;
  const saves = new SavePoints<S>(options.saveTimes, options.saveEveryStep, options.direction);
  let integrator: Integrator<S> | undefined;
  try {
    const atStart = saves.takeThrough(t0);
    if (saves.everyStep) atStart.push(t0);
    saves.record(
      atStart,
      atStart.map(() => algebra.copy(algebra.initial)),
    );
    integrator = createIntegrator(algebra, options, saves);
    while (!integrator.done) {
      integrator.advance();
      onProgress?.({ t: integrator.t, fraction: (integrator.t - t0) / (t1 - t0), steps: integrator.stats.accepted });
    }
    if (options.checkFinite === 'final' && integrator.stats.accepted > 0 && !algebra.allFinite(integrator.y)) {
      throw new OdeError(
        'non-finite',
        `The state at t=${t1} contains NaN or Infinity after ${integrator.stats.accepted} ${options.tableau.name} steps. ` +
          `Pass checkFinite: 'every-step' to find the first step where it appears, try smaller steps, ` +
          `or check f for divisions by zero, logs or square roots of negative values, or a blow-up.`,
        t1,
      );
    }
    const y = integrator.release();
    integrator.dispose();
    return {
      y: algebra.toUser(y),
      ...(saves.active ? { ts: saves.ts, ys: saves.ys.map((state) => algebra.toUser(state)) } : {}),
      stats: { ...integrator.stats },
    };
  } catch (error) {
    integrator?.dispose();
    saves.dispose(algebra);
    throw error;
  }
}
