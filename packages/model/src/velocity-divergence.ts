import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkTime } from './evaluation-input';
import type { VelocityNetwork } from './velocity-network';

/** A velocity network's weights laid out for row-major evaluation (inputs × outputs), made once per use. */
export interface PreparedVelocity {
  readonly d: number;
  readonly m: number;
  /** Residual step h = 1/(nTh − 1). */
  readonly step: number;
  /** K0ᵀ, (d+1) × m. */
  readonly openingT: tf.Tensor2D;
  /** The x-rows of K0ᵀ, d × m: ∂a0/∂x. */
  readonly openingSpaceT: tf.Tensor2D;
  /** K_iᵀ, m × m, i = 1..M. */
  readonly residualT: readonly tf.Tensor2D[];
  /** b0, …, b_M. */
  readonly biases: readonly tf.Tensor1D[];
  /** Wᵀ, m × d. */
  readonly outputT: tf.Tensor2D;
  /** W, d × m (for the trace). */
  readonly output: tf.Tensor2D;
  readonly outputBias: tf.Tensor1D;
}

/**
 * Transposes the weights once (wasm's transposed matMul is slow). Differentiable: call it inside the function you
 * differentiate, within a tf.tidy, or free the result with {@link disposePreparedVelocity}.
 */
export function prepareVelocity(network: VelocityNetwork): PreparedVelocity {
  const { d, m, nTh } = network.config;
  const openingT = tf.transpose(network.K[0]) as tf.Tensor2D;
  return {
    d,
    m,
    step: 1 / (nTh - 1),
    openingT,
    openingSpaceT: tf.slice(openingT, [0, 0], [d, m]) as tf.Tensor2D,
    residualT: network.K.slice(1).map((K) => tf.transpose(K) as tf.Tensor2D),
    biases: network.biases,
    outputT: tf.transpose(network.W) as tf.Tensor2D,
    output: network.W,
    outputBias: network.c,
  };
}

/** Frees what {@link prepareVelocity} made (not the network's variables). */
export function disposePreparedVelocity(prepared: PreparedVelocity): void {
  tf.dispose([prepared.openingT, prepared.openingSpaceT, ...prepared.residualT, prepared.outputT]);
}

/** tanh(a) = 2·sigmoid(2a) − 1: wasm's sigmoid kernel is much faster than its tanh. */
function tanh(a: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(a, 2)), 2), 1) as tf.Tensor2D;
}

/** v(x, t) = W u_M + c, and the ResNet's last state; `trackJacobian` also returns J_M = ∂u_M/∂x as n × d × m. */
function forward(prepared: PreparedVelocity, x: tf.Tensor2D, t: number, trackJacobian: boolean) {
  const { d, m, step } = prepared;
  const n = x.shape[0];
  const s = tf.concat([x, tf.fill([n, 1], t)], 1) as tf.Tensor2D;
  let u = tanh(tf.add(tf.matMul(s, prepared.openingT), prepared.biases[0]) as tf.Tensor2D);
  // J0 = diag(tanh′(a0)) K0ˣ, stored per sample as d rows of m (row j = ∂u0/∂x_j), tanh′ = 1 − tanh².
  let jacobian: tf.Tensor3D | null = trackJacobian
    ? (tf.mul(tf.reshape(tf.sub(1, tf.square(u)), [n, 1, m]), tf.reshape(prepared.openingSpaceT, [1, d, m])) as tf.Tensor3D)
    : null;
  prepared.residualT.forEach((KT, index) => {
    const activated = tanh(tf.add(tf.matMul(u, KT), prepared.biases[index + 1]) as tf.Tensor2D);
    if (jacobian !== null) {
      // SPEC §3's recursion: J_i = J_{i−1} + h diag(tanh′(a_i)) K_i J_{i−1}.
      const propagated = tf.reshape(tf.matMul(tf.reshape(jacobian, [n * d, m]) as tf.Tensor2D, KT), [n, d, m]);
      const slope = tf.reshape(tf.sub(1, tf.square(activated)), [n, 1, m]);
      jacobian = tf.add(jacobian, tf.mul(tf.mul(slope, propagated), step)) as tf.Tensor3D;
    }
    u = tf.add(u, tf.mul(activated, step)) as tf.Tensor2D;
  });
  const velocity = tf.add(tf.matMul(u, prepared.outputT), prepared.outputBias) as tf.Tensor2D;
  return { velocity, jacobian };
}

/** The velocity v(x, t) and its exact divergence tr(∂v/∂x) per sample (n × d and n × 1). */
export type VelocityAndDivergence = {
  velocity: tf.Tensor2D;
  divergence: tf.Tensor2D;
};

/**
 * v(x, t) and div_x v = tr(W J_M) = Σ_j Σ_k W_jk (J_M)_jk, exact, from forward-propagated Jacobians (O(m²d) per
 * sample, no nested autodiff). `x` is n × d; the caller owns the result. Differentiable with respect to the weights.
 */
export function velocityAndDivergence(source: VelocityNetwork | PreparedVelocity, x: tf.Tensor2D, t: number): VelocityAndDivergence {
  checkTime(t);
  const d = 'kind' in source ? source.config.d : source.d;
  checkBatch(x, d, 'x', 'positions');
  return tf.tidy(() => {
    const prepared = 'kind' in source ? prepareVelocity(source) : source;
    const { velocity, jacobian } = forward(prepared, x, t, true);
    const n = x.shape[0];
    const weighted = tf.mul(jacobian as tf.Tensor3D, tf.reshape(prepared.output, [1, d, prepared.m]));
    const divergence = tf.sum(tf.reshape(weighted, [n, d * prepared.m]), 1, true) as tf.Tensor2D;
    return { velocity, divergence };
  });
}

/** v(x, t) alone (no Jacobian), for moving samples without densities. */
export function velocityAt(source: VelocityNetwork | PreparedVelocity, x: tf.Tensor2D, t: number): tf.Tensor2D {
  checkTime(t);
  const d = 'kind' in source ? source.config.d : source.d;
  checkBatch(x, d, 'x', 'positions');
  return tf.tidy(() => forward('kind' in source ? prepareVelocity(source) : source, x, t, false).velocity);
}
