import type { StateAlgebra } from './state-algebra';
import { denseWeights } from './tableau';

/** Collects the states odeint returns as ts/ys; the states it holds belong to the caller once the solve ends. */
export class SavePoints<S> {
  readonly ts: number[] = [];
  readonly ys: S[] = [];
  private nextIndex = 0;

  constructor(
    private readonly times: readonly number[] | undefined,
    readonly everyStep: boolean,
    private readonly direction: 1 | -1,
  ) {}

  get active(): boolean {
    return this.everyStep || this.times !== undefined;
  }

  /** The next requested time not yet saved. */
  get upcoming(): number | undefined {
    return this.times?.[this.nextIndex];
  }

  /** Requested times not yet saved up to and including `t` in the direction of integration; marks them taken. */
  takeThrough(t: number): number[] {
    const due: number[] = [];
    const times = this.times ?? [];
    while (this.nextIndex < times.length && (times[this.nextIndex] - t) * this.direction <= 0) due.push(times[this.nextIndex++]);
    return due;
  }

  record(times: readonly number[], states: readonly S[]): void {
    this.ts.push(...times);
    this.ys.push(...states);
  }

  /** Releases the collected states (when a solve fails and the caller will never see them). */
  dispose(algebra: StateAlgebra<S, unknown>): void {
    for (const y of this.ys) algebra.dispose(y);
    this.ys.length = 0;
  }
}

/** One completed step, as seen by save-point collection. */
export interface CompletedStep<S> {
  readonly t: number;
  readonly h: number;
  readonly tNew: number;
  readonly y: S;
  readonly yNew: S;
  readonly ks: readonly S[];
}

export interface StepSaves<S> {
  readonly times: number[];
  readonly states: S[];
  /** Whether `yNew` itself is among the states (tensors): the integrator must then leave it to the caller. */
  readonly sharesNew: boolean;
}

/**
 * The states to save for a step, created inside the step's scope. A save time at the step's end takes the new
 * state (shared where states are immutable, copied where they are buffers); one inside the step comes from the
 * tableau's continuous extension. Integrators without one step exactly onto save times, so that case never needs it.
 */
export function statesToSave<S>(
  algebra: StateAlgebra<S, unknown>,
  saves: SavePoints<S>,
  step: CompletedStep<S>,
  dense: readonly (readonly number[])[] | undefined,
): StepSaves<S> {
  const times = saves.takeThrough(step.tNew);
  if (saves.everyStep) times.push(step.tNew);
  let sharesNew = false;
  const states = times.map((time) => {
    if (time === step.tNew) {
      sharesNew = algebra.sharesStates;
      return algebra.sharesStates ? step.yNew : algebra.copy(step.yNew);
    }
    if (dense === undefined) throw new Error(`Internal error: save time ${time} inside a step without a continuous extension.`);
    const weights = denseWeights(dense, (time - step.t) / step.h);
    return algebra.combine(algebra.workspace(), step.y, step.h, weights, step.ks);
  });
  return { times, states, sharesNew };
}
