import { createArrayStepper, odeintArray } from './array-odeint';
import type { ArrayDerivative } from './array-state';
import { resolveOptions, type OdeOptions, type StepperOptions } from './options';
import { solve, type OdeSolution } from './solve';
import { openStepper, type OdeStepper } from './stepper';
import { TensorStateAlgebra, type TensorDerivative } from './tensor-state';
import type { TensorState } from './tensor-tree';

/**
 * The derivative function for a state of type S: `(t, y, out) => Float64Array` for a Float64Array state, or
 * `(t, y) => dy/dt` with y's structure for a tensor state.
 */
export type Derivative<S> = S extends Float64Array ? ArrayDerivative : TensorDerivative<S>;

/**
 * Integrates dy/dt = f(t, y) from t0 to t1 (backward when t1 < t0) starting at y0, and returns the state at t1,
 * optional saved states, and work counters.
 *
 * y0 is a float32 tensor, an array or record of tensors (nesting allowed; see TensorState), or a Float64Array.
 * Tensor solves use only tfjs ops, so fixed-step solves are differentiable with tf.grad / tf.variableGrads; every
 * intermediate tensor is disposed, y0 never is, and the returned tensors belong to the caller.
 *
 * Fixed-step methods ('euler', 'midpoint', 'heun', 'rk4', or a tableau without bHat) need `steps` or `dt`;
 * 'dopri5' (the default) is adaptive unless `steps` or `dt` is given. Failures throw an OdeError.
 */
export function odeint<S extends object>(f: Derivative<S>, y0: S, options: OdeOptions): OdeSolution<S> {
  if (y0 instanceof Float64Array) return odeintArray(f as ArrayDerivative, y0, options) as OdeSolution<S>;
  const resolved = resolveOptions(options, 'odeint', 'float32');
  return solve(new TensorStateAlgebra(f as TensorDerivative<TensorState>, y0 as TensorState), resolved) as OdeSolution<S>;
}

/**
 * The same solve as odeint, one accepted step per call of `step()`: for animating a solve frame by frame.
 * Takes odeint's options except saveAt and onProgress.
 */
export function createStepper<S extends object>(f: Derivative<S>, y0: S, options: StepperOptions): OdeStepper<S> {
  if (y0 instanceof Float64Array) return createArrayStepper(f as ArrayDerivative, y0, options) as OdeStepper<S>;
  const resolved = resolveOptions(options, 'stepper', 'float32');
  return openStepper(new TensorStateAlgebra(f as TensorDerivative<TensorState>, y0 as TensorState), resolved) as OdeStepper<S>;
}
