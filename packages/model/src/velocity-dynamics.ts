import * as tf from '@tensorflow/tfjs-core';
import { resolveDynamicsGradient, resolveFieldCheckpointing, type DynamicsGradient } from './augmented-dynamics';
import type { FieldCheckpointing } from './augmented-field-op';
import { checkBatch, checkTime } from './evaluation-input';
import {
  disposePreparedVelocity,
  prepareVelocity,
  velocityAndDivergence,
  velocityAt,
  type PreparedVelocity,
} from './velocity-divergence';
import { evaluateVelocityField } from './velocity-field-op';
import { VelocityFieldParameters } from './velocity-field-parameters';
import type { VelocityNetwork } from './velocity-network';

/** A right-hand side f(t, y) for an ODE solver over a velocity network's prepared weights. */
export type VelocityDynamics<State> = ((t: number, state: State) => State) & {
  readonly prepared: PreparedVelocity;
  /** Frees the preparation (the transposed weights, and the custom gradient's parameters). */
  dispose(): void;
};

export interface VelocityDynamicsOptions {
  /**
   * How the packed field is differentiated. `custom` (the default): one op per evaluation with a hand-derived
   * gradient. `autodiff`: plain tfjs ops differentiated by tfjs (the reference the custom gradient is tested against).
   */
  gradient?: DynamicsGradient;
  /**
   * What the custom gradient keeps per evaluation: `store` the forward's intermediates, `recompute` only the inputs
   * (the gradient repeats the forward; far less memory), `auto` (the default) stores while that is small. Ignored
   * by `gradient: 'autodiff'`.
   */
  checkpointing?: FieldCheckpointing;
}

/** Attaches the preparation and a dispose() that frees it and `alsoMade` (what the factory made from it). */
function withPreparation<State>(
  prepared: PreparedVelocity,
  field: (t: number, state: State) => State,
  alsoMade: { dispose(): void } | null = null,
): VelocityDynamics<State> {
  return Object.assign(field, {
    prepared,
    dispose: () => {
      alsoMade?.dispose();
      disposePreparedVelocity(prepared);
    },
  });
}

/** numerics §6's packed field from plain tfjs ops (the `autodiff` path). */
function plainDerivative(prepared: PreparedVelocity, state: tf.Tensor2D, t: number): tf.Tensor2D {
  const x = tf.slice(state, [0, 0], [state.shape[0], prepared.d]) as tf.Tensor2D;
  const { velocity, divergence } = velocityAndDivergence(prepared, x, t);
  const transport = tf.mul(tf.sum(tf.square(velocity), 1, true), 0.5);
  return tf.concat([velocity, divergence, transport, tf.zerosLike(divergence)], 1) as tf.Tensor2D;
}

/**
 * The augmented right-hand side for a velocity model on the packed state Y = [x | ℓ | L | R] (n × (d+3)), the same
 * layout as the potential's: x′ = v, ℓ′ = div v, L′ = ½‖v‖², R′ = 0 (there is no potential, so no HJB residual).
 * With the default `gradient: 'custom'` each evaluation is one op whose gradient is derived by hand
 * (velocity-field-gradient.ts); `autodiff` evaluates plain tfjs ops. Both give the same values. Prepares the weights
 * now: create it inside the function you differentiate, within a tf.tidy, or call dispose().
 */
export function createPackedVelocityDynamics(network: VelocityNetwork, options: VelocityDynamicsOptions = {}): VelocityDynamics<tf.Tensor2D> {
  const custom = resolveDynamicsGradient(options.gradient) === 'custom';
  const checkpointing = resolveFieldCheckpointing(options.checkpointing);
  const prepared = prepareVelocity(network);
  const parameters = custom ? new VelocityFieldParameters(prepared) : null;
  const field = (t: number, state: tf.Tensor2D): tf.Tensor2D => {
    checkTime(t);
    checkBatch(state, prepared.d + 3, 'state', 'packed [x, ℓ, L, R]');
    return tf.tidy(() => (parameters === null ? plainDerivative(prepared, state, t) : evaluateVelocityField(parameters, state, t, checkpointing)));
  };
  return withPreparation(prepared, field, parameters);
}

/** The velocity field x′ = v(x, t) alone, for moving samples without densities. */
export function createVelocityNetworkField(network: VelocityNetwork): VelocityDynamics<tf.Tensor2D> {
  const prepared = prepareVelocity(network);
  return withPreparation(prepared, (t: number, x: tf.Tensor2D): tf.Tensor2D => velocityAt(prepared, x, t));
}
