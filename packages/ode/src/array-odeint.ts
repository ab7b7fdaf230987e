import { ArrayStateAlgebra, type ArrayDerivative } from './array-state';
import { resolveOptions, type OdeOptions, type StepperOptions } from './options';
import { solve, type OdeSolution } from './solve';
import { openStepper, type OdeStepper } from './stepper';

/** odeint on a Float64Array state (float64 arithmetic, preallocated buffers, no tfjs). */
export function odeintArray(f: ArrayDerivative, y0: Float64Array, options: OdeOptions): OdeSolution<Float64Array> {
  const resolved = resolveOptions(options, 'odeint', 'float64');
  return solve(new ArrayStateAlgebra(f, y0), resolved);
}

/** createStepper on a Float64Array state. */
export function createArrayStepper(f: ArrayDerivative, y0: Float64Array, options: StepperOptions): OdeStepper<Float64Array> {
  const resolved = resolveOptions(options, 'stepper', 'float64');
  return openStepper(new ArrayStateAlgebra(f, y0), resolved);
}
