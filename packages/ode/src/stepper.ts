import { createIntegrator } from './create-integrator';
import { invalidArgument, OdeError } from './errors';
import type { Integrator, OdeStats } from './integrator';
import type { ResolvedOptions } from './options';
import type { StateAlgebra } from './state-algebra';

/** One step of a stepper. */
export interface OdeStep<Y> {
  readonly t: number;
  /** The state at t; it belongs to the stepper and stays valid until the next step() or dispose(). */
  readonly y: Y;
  /** True once t has reached t1. */
  readonly done: boolean;
}

/**
 * A solve taken one accepted step at a time, e.g. one step per animation frame. The current state belongs to the
 * stepper: copy (tf.clone / slice) what you keep beyond the next step(), and call dispose() when finished.
 */
export interface OdeStepper<Y> {
  readonly t: number;
  /** The current state (y0 itself before the first step). */
  readonly y: Y;
  readonly done: boolean;
  readonly stats: Readonly<OdeStats>;
  /** Advances one accepted step; once done it returns the final state again without work. */
  step(): OdeStep<Y>;
  /** Frees the stepper's tensors (never y0). The stepper cannot step afterwards. */
  dispose(): void;
}

class Stepper<S, U> implements OdeStepper<U> {
  private disposed = false;

  constructor(
    private readonly algebra: StateAlgebra<S, U>,
    private readonly integrator: Integrator<S>,
    private readonly options: ResolvedOptions,
  ) {}

  get t(): number {
    return this.integrator.t;
  }

  get y(): U {
    return this.algebra.toUser(this.integrator.y);
  }

  get done(): boolean {
    return this.integrator.done;
  }

  get stats(): Readonly<OdeStats> {
    return { ...this.integrator.stats };
  }

  step(): OdeStep<U> {
    if (this.disposed) throw invalidArgument('This stepper was disposed; create a new one with createStepper.');
    const { integrator } = this;
    if (!integrator.done) {
      integrator.advance();
      if (integrator.done && this.options.checkFinite === 'final' && !this.algebra.allFinite(integrator.y)) {
        throw new OdeError(
          'non-finite',
          `The state at t=${integrator.t} contains NaN or Infinity after ${integrator.stats.accepted} steps. ` +
            `Pass checkFinite: 'every-step' to find the first step where it appears, try smaller steps, or check f.`,
          integrator.t,
        );
      }
    }
    return { t: this.t, y: this.y, done: this.done };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.integrator.dispose();
  }
}

export function openStepper<S, U>(algebra: StateAlgebra<S, U>, options: ResolvedOptions): OdeStepper<U> {
  return new Stepper(algebra, createIntegrator(algebra, options, undefined), options);
}
