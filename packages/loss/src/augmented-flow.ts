import * as tf from '@tensorflow/tfjs-core';
import {
  createFlowDynamics,
  unpackAugmentedState,
  type AugmentedState,
  type DynamicsGradient,
  type FlowSource,
} from '@otflow/model';
import { odeint } from '@otflow/ode';

export interface AugmentedFlowOptions {
  /** Number of RK4 steps on [0, 1]. */
  nt: number;
  /** α_L, which scales a potential's velocity (numerics §4). Default 1. */
  alphaL?: number;
  /**
   * How gradients flow through each field evaluation: `custom` (default, hand-derived and checkpointed) or
   * `autodiff` (plain tfjs ops, the slow reference); for a potential and a velocity network alike.
   */
  gradient?: DynamicsGradient;
}

/**
 * Integrates numerics §4's augmented ODE forward (data → normal) from [x, 0, 0, 0] with `nt` classical RK4 steps on
 * [0, 1], for a potential or a velocity network (whose R stays 0). Returns the final state; the caller owns it.
 * Differentiable with respect to the model's weights.
 */
export function integrateAugmentedFlow(
  model: FlowSource,
  x: tf.Tensor2D,
  options: AugmentedFlowOptions,
): AugmentedState {
  const { nt } = options;
  if (!Number.isInteger(nt) || nt < 1) {
    throw new Error(`nt (the number of RK4 steps) must be a positive integer, got ${String(nt)}.`);
  }
  const d = model.config.d;
  if (x.rank !== 2 || x.shape[1] !== d) {
    throw new Error(`x must be n × ${d} (positions, one sample per row), got shape [${x.shape.join(', ')}].`);
  }
  return tf.tidy(() => {
    const dynamics = createFlowDynamics(model, { alphaL: options.alphaL, gradient: options.gradient });
    // The packed state [x | ℓ | L | R]: RK4 combines one tensor per stage instead of four.
    const start = tf.concat([x, tf.zeros([x.shape[0], 3])], 1) as tf.Tensor2D;
    // No finiteness check here: it would read the state back mid-graph; the trainer checks J and its gradient.
    const end = odeint(dynamics, start, { t0: 0, t1: 1, method: 'rk4', steps: nt, checkFinite: 'never' }).y;
    return unpackAugmentedState(end);
  });
}
