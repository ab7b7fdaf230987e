import { resolveController, type ControllerOptions, type ResolvedControllerOptions } from './controller';
import { invalidArgument } from './errors';
import { resolveMethod, type ButcherTableau, type MethodName, type ValidTableau } from './tableau';

/** Which states odeint returns besides the final one. */
export type SaveAt =
  /** States at these times (monotone in the direction of integration, within [t0, t1]). */
  | { readonly times: readonly number[] }
  /** The state after every accepted step, starting with y0 at t0. */
  | { readonly everyStep: true };

/**
 * When to check that the state is finite: 'final' (default) once at the end, 'every-step' after every step (finds
 * the first bad step, costs one read per step), 'never'. `true` means 'every-step', `false` means 'never'.
 */
export type CheckFinite = 'final' | 'every-step' | 'never' | boolean;

export interface OdeProgress {
  /** Time reached. */
  readonly t: number;
  /** Share of [t0, t1] covered, 0…1. */
  readonly fraction: number;
  /** Accepted steps so far. */
  readonly steps: number;
}

/** Options of a stepper (see createStepper): all of odeint's except saveAt and onProgress. */
export interface StepperOptions {
  /** Start time. */
  readonly t0: number;
  /** End time; t1 < t0 integrates backward in time. */
  readonly t1: number;
  /** A built-in method name or an explicit Butcher tableau. Default 'dopri5'. */
  readonly method?: MethodName | ButcherTableau;
  /** Fixed step: this many equal steps. */
  readonly steps?: number;
  /**
   * Fixed step: at most this step size. When it does not divide |t1 − t0|, the solve takes ceil(|t1 − t0|/dt)
   * equal steps (each a little smaller than dt); ratios within 1e-9 of an integer count as exact.
   */
  readonly dt?: number;
  /** Adaptive: relative tolerance. Default 1e-3. */
  readonly rtol?: number;
  /** Adaptive: absolute tolerance. Default 1e-6. */
  readonly atol?: number;
  /** Adaptive: size of the first step; estimated from f when absent. */
  readonly firstStep?: number;
  /** Adaptive: smallest step size allowed before failing with 'step-underflow'. Default 0. */
  readonly minStep?: number;
  /** Adaptive: largest step size. Default unbounded. */
  readonly maxStep?: number;
  /** Adaptive: most step attempts (accepted and rejected) before failing with 'max-steps'. Default 10000. */
  readonly maxSteps?: number;
  /** Adaptive: PI step-size controller tuning. */
  readonly controller?: ControllerOptions;
  /** Finite-state check. Default 'final'. */
  readonly checkFinite?: CheckFinite;
}

export interface OdeOptions extends StepperOptions {
  /** Extra states to return as `ts`/`ys`. */
  readonly saveAt?: SaveAt;
  /** Called after every accepted step. */
  readonly onProgress?: (progress: OdeProgress) => void;
}

export interface FixedPlan {
  readonly kind: 'fixed';
  /** Number of equal steps over [t0, t1] when given as `steps`. */
  readonly steps: number | undefined;
  /** Largest step size: |t1 − t0|/steps, or dt. */
  readonly maxStepSize: number;
}

export interface AdaptivePlan {
  readonly kind: 'adaptive';
  readonly rtol: number;
  readonly atol: number;
  readonly firstStep: number | undefined;
  readonly minStep: number;
  readonly maxStep: number;
  readonly maxSteps: number;
  readonly controller: ResolvedControllerOptions;
}

export interface ResolvedOptions {
  readonly t0: number;
  readonly t1: number;
  /** +1 forward in time, −1 backward. */
  readonly direction: 1 | -1;
  readonly tableau: ValidTableau;
  readonly plan: FixedPlan | AdaptivePlan;
  readonly checkFinite: 'final' | 'every-step' | 'never';
  readonly saveTimes: readonly number[] | undefined;
  readonly saveEveryStep: boolean;
  readonly onProgress: ((progress: OdeProgress) => void) | undefined;
}

const STEPPER_KEYS = [
  't0',
  't1',
  'method',
  'steps',
  'dt',
  'rtol',
  'atol',
  'firstStep',
  'minStep',
  'maxStep',
  'maxSteps',
  'controller',
  'checkFinite',
] as const;
const ODEINT_KEYS = [...STEPPER_KEYS, 'saveAt', 'onProgress'] as const;
const ADAPTIVE_KEYS = ['rtol', 'atol', 'firstStep', 'minStep', 'maxStep', 'maxSteps', 'controller'] as const;
const CHECK_FINITE_MODES = ['final', 'every-step', 'never'] as const;

/** The arithmetic a state is stored in: tensors are float32, Float64Array states float64. */
export type StatePrecision = 'float32' | 'float64';

/**
 * The smallest rtol each precision can honour: a few units of its machine epsilon (2⁻²³, 2⁻⁵²). Below that, the
 * embedded error estimate is rounding noise, so the controller chases it with ever smaller steps whose rounding
 * errors pile up: a float32 solve at rtol 1e-9 ran for seconds and ended an order of magnitude off.
 */
const SMALLEST_RTOL: Record<StatePrecision, number> = { float32: 4 * 2 ** -23, float64: 100 * 2 ** -52 };

/** Validates odeint's or a stepper's options for a state of the given precision and settles every default. */
export function resolveOptions(options: OdeOptions, caller: 'odeint' | 'stepper', precision: StatePrecision): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw invalidArgument(`options must be an object with at least t0 and t1, got ${String(options)}.`);
  }
  const validKeys: readonly string[] = caller === 'odeint' ? ODEINT_KEYS : STEPPER_KEYS;
  for (const key of Object.keys(options)) {
    if (!validKeys.includes(key)) {
      const hint = caller === 'stepper' && (key === 'saveAt' || key === 'onProgress') ? ` (${key} is an odeint option: a stepper hands you every step)` : '';
      throw invalidArgument(`Unknown option "${key}"${hint}: valid options are ${validKeys.join(', ')}.`);
    }
  }
  const { t0, t1 } = options;
  if (typeof t0 !== 'number' || !Number.isFinite(t0)) throw invalidArgument(`t0 must be a finite number, got ${String(t0)}.`);
  if (typeof t1 !== 'number' || !Number.isFinite(t1)) throw invalidArgument(`t1 must be a finite number, got ${String(t1)}.`);
  const direction = t1 < t0 ? -1 : 1;
  const tableau = resolveMethod(options.method ?? 'dopri5');
  const plan = resolvePlan(options, tableau, Math.abs(t1 - t0), precision);
  return {
    t0,
    t1,
    direction,
    tableau,
    plan,
    checkFinite: resolveCheckFinite(options.checkFinite),
    saveTimes: resolveSaveTimes(options.saveAt, t0, t1, direction),
    saveEveryStep: options.saveAt !== undefined && 'everyStep' in options.saveAt,
    onProgress: resolveProgress(options.onProgress),
  };
}

function resolvePlan(options: OdeOptions, tableau: ValidTableau, span: number, precision: StatePrecision): FixedPlan | AdaptivePlan {
  const { steps, dt } = options;
  if (steps !== undefined && dt !== undefined) {
    throw invalidArgument(`Pass either steps (${steps}) or dt (${dt}), not both: each fixes the step size on its own.`);
  }
  if (steps !== undefined || dt !== undefined) {
    const adaptiveOnly = ADAPTIVE_KEYS.filter((key) => options[key] !== undefined);
    if (adaptiveOnly.length > 0) {
      throw invalidArgument(
        `${adaptiveOnly.join(', ')} only appl${adaptiveOnly.length > 1 ? 'y' : 'ies'} to adaptive solves, but ${steps !== undefined ? 'steps' : 'dt'} makes this solve fixed-step: ` +
          `remove ${adaptiveOnly.length > 1 ? 'them' : 'it'}, or remove ${steps !== undefined ? 'steps' : 'dt'} to solve adaptively.`,
      );
    }
    if (steps !== undefined) {
      if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) {
        throw invalidArgument(`steps must be a positive integer (the number of equal steps), got ${String(steps)}.`);
      }
      return { kind: 'fixed', steps, maxStepSize: span / steps };
    }
    if (typeof dt !== 'number' || !Number.isFinite(dt) || dt <= 0) {
      throw invalidArgument(`dt must be a positive finite step size (its sign follows t1 − t0), got ${String(dt)}.`);
    }
    return { kind: 'fixed', steps: undefined, maxStepSize: dt };
  }
  if (tableau.errorWeights === undefined) {
    throw invalidArgument(
      `Method "${tableau.name}" has fixed steps and no error estimate: pass steps (number of equal steps) or dt (step size). ` +
        `odeint never picks a step size silently; for automatic steps use method 'dopri5'.`,
    );
  }
  const rtol = positive(options.rtol, 'rtol', 1e-3);
  const smallestRtol = SMALLEST_RTOL[precision];
  if (rtol < smallestRtol) {
    const fix =
      precision === 'float32'
        ? 'Use rtol ≥ 5e-7 with tensors, or solve in float64 with a Float64Array state (@otflow/ode/array).'
        : 'Use rtol ≥ 2.2e-14.';
    throw invalidArgument(
      `rtol ${rtol} is below what a ${precision} state can resolve (${precision === 'float32' ? 'about 7' : 'about 16'} significant ` +
        `digits): the error estimate would be rounding noise and the solve would shrink its steps until rounding errors ` +
        `dominate the result. ${fix}`,
    );
  }
  const atol = positive(options.atol, 'atol', 1e-6);
  const firstStep = options.firstStep === undefined ? undefined : positive(options.firstStep, 'firstStep', 0);
  const minStep = options.minStep ?? 0;
  if (typeof minStep !== 'number' || !Number.isFinite(minStep) || minStep < 0) {
    throw invalidArgument(`minStep must be a finite number ≥ 0, got ${String(minStep)}.`);
  }
  const maxStep = options.maxStep ?? Infinity;
  if (typeof maxStep !== 'number' || !(maxStep > 0)) throw invalidArgument(`maxStep must be a number > 0, got ${String(maxStep)}.`);
  if (minStep > maxStep) throw invalidArgument(`minStep (${minStep}) must not exceed maxStep (${maxStep}).`);
  const maxSteps = options.maxSteps ?? 10_000;
  if (typeof maxSteps !== 'number' || !Number.isInteger(maxSteps) || maxSteps < 1) {
    throw invalidArgument(`maxSteps must be a positive integer, got ${String(maxSteps)}.`);
  }
  return { kind: 'adaptive', rtol, atol, firstStep, minStep, maxStep, maxSteps, controller: resolveController(options.controller) };
}

function positive(value: number | undefined, label: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(`${label} must be a finite number > 0, got ${String(value)}.`);
  }
  return value;
}

function resolveCheckFinite(mode: CheckFinite | undefined): 'final' | 'every-step' | 'never' {
  if (mode === undefined) return 'final';
  if (mode === true) return 'every-step';
  if (mode === false) return 'never';
  if (!(CHECK_FINITE_MODES as readonly unknown[]).includes(mode)) {
    throw invalidArgument(`checkFinite must be one of ${CHECK_FINITE_MODES.join(', ')} (or a boolean), got ${String(mode)}.`);
  }
  return mode;
}

function resolveSaveTimes(saveAt: SaveAt | undefined, t0: number, t1: number, direction: 1 | -1): readonly number[] | undefined {
  if (saveAt === undefined) return undefined;
  if (saveAt === null || typeof saveAt !== 'object') {
    throw invalidArgument(`saveAt must be {times: number[]} or {everyStep: true}, got ${String(saveAt)}.`);
  }
  const keys = Object.keys(saveAt);
  if (keys.length !== 1 || (keys[0] !== 'times' && keys[0] !== 'everyStep')) {
    throw invalidArgument(`saveAt must be {times: number[]} or {everyStep: true}, got keys ${keys.join(', ') || '(none)'}.`);
  }
  if ('everyStep' in saveAt) {
    if (saveAt.everyStep !== true) throw invalidArgument(`saveAt.everyStep must be true, got ${String(saveAt.everyStep)}.`);
    return undefined;
  }
  const { times } = saveAt;
  if (!Array.isArray(times)) throw invalidArgument(`saveAt.times must be an array of numbers, got ${String(times)}.`);
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  times.forEach((time, i) => {
    if (typeof time !== 'number' || !Number.isFinite(time)) throw invalidArgument(`saveAt.times[${i}] must be a finite number, got ${String(time)}.`);
    if (time < lo || time > hi) throw invalidArgument(`saveAt.times[${i}] = ${time} lies outside [${lo}, ${hi}], the span from t0 to t1.`);
    if (i > 0 && (time - times[i - 1]) * direction <= 0) {
      throw invalidArgument(
        `saveAt.times must be strictly ${direction > 0 ? 'increasing' : 'decreasing'} (the direction from t0 to t1), but times[${i - 1}] = ${times[i - 1]} and times[${i}] = ${time}.`,
      );
    }
  });
  return [...times];
}

function resolveProgress(onProgress: OdeOptions['onProgress']): ResolvedOptions['onProgress'] {
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw invalidArgument(`onProgress must be a function ({t, fraction, steps}) => void, got ${typeof onProgress}.`);
  }
  return onProgress;
}
