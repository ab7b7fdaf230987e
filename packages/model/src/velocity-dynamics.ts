import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkTime } from './evaluation-input';
import {
  disposePreparedVelocity,
  prepareVelocity,
  velocityAndDivergence,
  velocityAt,
  type PreparedVelocity,
} from './velocity-divergence';
import type { VelocityNetwork } from './velocity-network';

/** A right-hand side f(t, y) for an ODE solver over a velocity network's prepared weights. */
export type VelocityDynamics<State> = ((t: number, state: State) => State) & {
  readonly prepared: PreparedVelocity;
  /** Frees the preparation (the transposed weights). */
  dispose(): void;
};

function withPreparation<State>(
  network: VelocityNetwork,
  field: (prepared: PreparedVelocity) => (t: number, state: State) => State,
): VelocityDynamics<State> {
  const prepared = prepareVelocity(network);
  return Object.assign(field(prepared), { prepared, dispose: () => disposePreparedVelocity(prepared) });
}

/**
 * The augmented right-hand side for a velocity model on the packed state Y = [x | ℓ | L | R] (n × (d+3)), the same
 * layout as the potential's: x′ = v, ℓ′ = div v, L′ = ½‖v‖², R′ = 0 (there is no potential, so no HJB residual).
 * Prepares the weights now: create it inside the function you differentiate, within a tf.tidy, or call dispose().
 */
export function createPackedVelocityDynamics(network: VelocityNetwork): VelocityDynamics<tf.Tensor2D> {
  return withPreparation(network, (prepared) => (t: number, state: tf.Tensor2D): tf.Tensor2D => {
    checkTime(t);
    checkBatch(state, prepared.d + 3, 'state', 'packed [x, ℓ, L, R]');
    return tf.tidy(() => {
      const x = tf.slice(state, [0, 0], [state.shape[0], prepared.d]) as tf.Tensor2D;
      const { velocity, divergence } = velocityAndDivergence(prepared, x, t);
      const transport = tf.mul(tf.sum(tf.square(velocity), 1, true), 0.5);
      return tf.concat([velocity, divergence, transport, tf.zerosLike(divergence)], 1) as tf.Tensor2D;
    });
  });
}

/** The velocity field x′ = v(x, t) alone, for moving samples without densities. */
export function createVelocityNetworkField(network: VelocityNetwork): VelocityDynamics<tf.Tensor2D> {
  return withPreparation(network, (prepared) => (t: number, x: tf.Tensor2D): tf.Tensor2D => velocityAt(prepared, x, t));
}
