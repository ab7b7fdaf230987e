import { AdaptiveIntegrator } from './adaptive';
import { FixedStepIntegrator } from './fixed-step';
import type { Integrator } from './integrator';
import type { ResolvedOptions } from './options';
import type { SavePoints } from './save-points';
import type { StateAlgebra } from './state-algebra';

/** The integrator a set of options asks for: fixed steps when steps or dt is given, adaptive otherwise. */
export function createIntegrator<S>(
  algebra: StateAlgebra<S, unknown>,
  options: ResolvedOptions,
  saves: SavePoints<S> | undefined,
): Integrator<S> {
  const { tableau, plan, t0, t1 } = options;
  const checkEveryStep = options.checkFinite === 'every-step';
  return plan.kind === 'fixed'
    ? new FixedStepIntegrator(algebra, tableau, plan, saves, options.saveTimes, t0, t1, checkEveryStep)
    : new AdaptiveIntegrator(algebra, tableau, plan, saves, t0, t1, checkEveryStep);
}
