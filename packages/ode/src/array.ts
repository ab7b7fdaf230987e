// The tfjs-free entry point: the same solver on Float64Array states only. Nothing here may import tfjs-core.
export { odeintArray as odeint, createArrayStepper as createStepper } from './array-odeint';
export { OdeError } from './errors';
export type { OdeErrorCode } from './errors';
export { TABLEAUX, METHOD_NAMES } from './tableau';
export type { ButcherTableau, MethodName } from './tableau';
export type { OdeOptions, StepperOptions, SaveAt, CheckFinite, OdeProgress } from './options';
export type { ControllerOptions } from './controller';
export type { OdeSolution } from './solve';
export type { OdeStats } from './integrator';
export type { OdeStepper, OdeStep } from './stepper';
export type { ArrayDerivative } from './array-state';
