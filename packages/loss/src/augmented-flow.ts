import * as tf from '@tensorflow/tfjs-core';
import { createAugmentedDynamics, type AugmentedState, type PotentialSource } from '@otflow/model';
import { odeint } from '@otflow/ode';

export interface AugmentedFlowOptions {
  /** Number of RK4 steps on [0, 1]. */
  nt: number;
  /** α_L, which scales the velocity (SPEC §4). Default 1. */
  alphaL?: number;
}

/**
 * Integrates SPEC §4's augmented ODE forward (data → normal) from [x, 0, 0, 0] with `nt` classical RK4 steps on
 * [0, 1]. Returns the final state; the caller owns it. Differentiable with respect to the potential's weights.
 */
export function integrateAugmentedFlow(
  potential: PotentialSource,
  x: tf.Tensor2D,
  options: AugmentedFlowOptions,
): AugmentedState {
  const { nt } = options;
  if (!Number.isInteger(nt) || nt < 1) {
    throw new Error(`nt (the number of RK4 steps) must be a positive integer, got ${String(nt)}.`);
  }
  return tf.tidy(() => {
    const dynamics = createAugmentedDynamics(potential, { alphaL: options.alphaL });
    const n = x.shape[0];
    const start: AugmentedState = { x, logDet: tf.zeros([n, 1]), transport: tf.zeros([n, 1]), hjb: tf.zeros([n, 1]) };
    // No finiteness check here: it would read the state back mid-graph; the trainer checks J and its gradient.
    return odeint(dynamics, start, { t0: 0, t1: 1, method: 'rk4', steps: nt, checkFinite: 'never' }).y;
  });
}
