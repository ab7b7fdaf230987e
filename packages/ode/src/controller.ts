import { invalidArgument } from './errors';

/** Tuning of the PI step-size controller (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 and DOPRI5). */
export interface ControllerOptions {
  /** Safety factor on the optimal step. Default 0.9. */
  readonly safety?: number;
  /** Smallest factor a step may shrink by. Default 0.2. */
  readonly minFactor?: number;
  /** Largest factor a step may grow by. Default 10. */
  readonly maxFactor?: number;
  /** Weight of the previous error (the "P" of PI); 0 gives the classic integral-only controller. Default 0.04. */
  readonly beta?: number;
}

export type ResolvedControllerOptions = Required<ControllerOptions>;

export const DEFAULT_CONTROLLER: ResolvedControllerOptions = { safety: 0.9, minFactor: 0.2, maxFactor: 10, beta: 0.04 };

export function resolveController(options: ControllerOptions | undefined): ResolvedControllerOptions {
  if (options === undefined) return DEFAULT_CONTROLLER;
  if (options === null || typeof options !== 'object') throw invalidArgument(`controller must be an object, got ${String(options)}.`);
  const allowed = Object.keys(DEFAULT_CONTROLLER);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw invalidArgument(`Unknown controller option "${key}": valid options are ${allowed.join(', ')}.`);
  }
  const resolved = { ...DEFAULT_CONTROLLER, ...options };
  const { safety, minFactor, maxFactor, beta } = resolved;
  if (!(safety > 0 && safety <= 1)) throw invalidArgument(`controller.safety must be in (0, 1], got ${safety}.`);
  if (!(minFactor > 0 && minFactor < 1)) throw invalidArgument(`controller.minFactor must be in (0, 1), got ${minFactor}.`);
  if (!(maxFactor > 1 && Number.isFinite(maxFactor))) throw invalidArgument(`controller.maxFactor must be a finite number > 1, got ${maxFactor}.`);
  if (!(beta >= 0 && beta < 0.2)) throw invalidArgument(`controller.beta must be in [0, 0.2), got ${beta}.`);
  return resolved;
}

/**
 * Proportional–integral step-size control on the weighted RMS error norm `err` (accept when err ≤ 1):
 * h_new = h·safety·err^(−α)·err_prev^β with α = 1/(q+1) − 0.75β, q the order of the error estimate, as in
 * Hairer's DOPRI5. After a rejection only the integral part acts, and the following accepted step may not grow.
 */
export class PIController {
  private readonly alpha: number;
  private previousError = 1e-4;

  constructor(
    errorOrder: number,
    private readonly options: ResolvedControllerOptions,
  ) {
    this.alpha = 1 / (errorOrder + 1) - 0.75 * options.beta;
  }

  /** Factor for the next step after accepting a step with error `err`. */
  afterAccept(err: number, lastWasRejected: boolean): number {
    const { safety, minFactor, maxFactor, beta } = this.options;
    const factor = safety * Math.pow(err, -this.alpha) * Math.pow(this.previousError, beta);
    this.previousError = Math.max(err, 1e-4);
    return clamp(factor, minFactor, lastWasRejected ? 1 : maxFactor);
  }

  /** Factor for retrying a step whose error `err` exceeded 1 (a non-finite error shrinks by minFactor). */
  afterReject(err: number): number {
    const { safety, minFactor } = this.options;
    if (!Number.isFinite(err)) return minFactor;
    return clamp(safety * Math.pow(err, -this.alpha), minFactor, 1);
  }
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
