import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkTime, type PotentialSource } from './evaluation-input';
import { derivativesAtTime } from './gradient-and-trace';
import { isPreparedPotential, PreparedPotential } from './prepared-potential';

/**
 * The augmented ODE's state per sample (SPEC §4); every entry has one row per sample. (A type alias, not an
 * interface, so that it is a tf.TensorContainer.)
 */
export type AugmentedState = {
  /** Position x, n × d. */
  x: tf.Tensor2D;
  /** ℓ, the accumulated log-determinant, n × 1. */
  logDet: tf.Tensor2D;
  /** L, the accumulated transport cost, n × 1. */
  transport: tf.Tensor2D;
  /** R, the accumulated Hamilton–Jacobi–Bellman residual, n × 1. */
  hjb: tf.Tensor2D;
};

export interface DynamicsOptions {
  /** α_L, the transport cost's weight; 1 in every published setting. */
  alphaL?: number;
}

/** A right-hand side f(t, y) for an ODE solver that holds prepared weights. */
export type Dynamics<State> = ((t: number, state: State) => State) & {
  /** The prepared weights the field evaluates. */
  readonly prepared: PreparedPotential;
  /** Frees the preparation when the factory made it (it was given weights); a no-op when it was given one. */
  dispose(): void;
};

function resolveAlphaL(options: DynamicsOptions): number {
  const alphaL = options.alphaL ?? 1;
  if (typeof alphaL !== 'number' || !Number.isFinite(alphaL) || alphaL <= 0) {
    throw new Error(`alphaL (the transport cost's weight α_L) must be a positive finite number, got ${String(alphaL)}.`);
  }
  return alphaL;
}

function withPreparation<State>(source: PotentialSource, field: (prepared: PreparedPotential) => (t: number, state: State) => State): Dynamics<State> {
  const given = isPreparedPotential(source);
  const prepared = isPreparedPotential(source) ? source : new PreparedPotential(source);
  return Object.assign(field(prepared), {
    prepared,
    dispose: () => {
      if (!given) prepared.dispose();
    },
  });
}

/**
 * SPEC §4's right-hand side for the state {x, logDet, transport, hjb}, with g = ∇_sΦ(x, t) and H = tr ∇²_xΦ:
 * x′ = −∇_xΦ/α_L, ℓ′ = −H/α_L, L′ = ½‖x′‖², R′ = |∂_tΦ − ‖∇_xΦ‖²/(2α_L)|.
 *
 * Given weights (a {@link Potential}), it prepares them once now: create it inside the function you differentiate,
 * within a tf.tidy, or call `dispose()` afterwards. Each call returns new tensors and frees its intermediates.
 */
export function createAugmentedDynamics(source: PotentialSource, options: DynamicsOptions = {}): Dynamics<AugmentedState> {
  const alphaL = resolveAlphaL(options);
  return withPreparation(source, (prepared) => {
    const d = prepared.config.d;
    return (t: number, state: AugmentedState): AugmentedState => {
      checkTime(t);
      checkBatch(state.x, d, 'state.x', 'positions');
      return tf.tidy(() => {
        const { gradient, trace } = derivativesAtTime(prepared, state.x, t, true);
        const [spaceGradient, timeDerivative] = tf.split(gradient, [d, 1], 1) as [tf.Tensor2D, tf.Tensor2D];
        const gradientNormSquared = tf.sum(tf.square(spaceGradient), 1, true);
        return {
          x: tf.mul(spaceGradient, -1 / alphaL),
          logDet: tf.mul(trace as tf.Tensor2D, -1 / alphaL),
          // ½‖x′‖² = ‖∇_xΦ‖² / (2α_L²).
          transport: tf.mul(gradientNormSquared, 1 / (2 * alphaL * alphaL)),
          hjb: tf.abs(tf.sub(timeDerivative, tf.mul(gradientNormSquared, 1 / (2 * alphaL)))),
        } as AugmentedState;
      });
    };
  });
}

/**
 * The velocity field x′ = −∇_xΦ(x, t)/α_L alone, for moving samples without densities: it skips the trace.
 * Same preparation and ownership rules as {@link createAugmentedDynamics}.
 */
export function createVelocityField(source: PotentialSource, options: DynamicsOptions = {}): Dynamics<tf.Tensor2D> {
  const alphaL = resolveAlphaL(options);
  return withPreparation(source, (prepared) => {
    const d = prepared.config.d;
    return (t: number, x: tf.Tensor2D): tf.Tensor2D => {
      checkTime(t);
      checkBatch(x, d, 'x', 'positions');
      return tf.tidy(() => {
        const { gradient } = derivativesAtTime(prepared, x, t, false);
        return tf.mul(tf.slice(gradient, [0, 0], [x.shape[0], d]), -1 / alphaL);
      });
    };
  });
}
