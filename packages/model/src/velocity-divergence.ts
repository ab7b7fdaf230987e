import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkTime } from './evaluation-input';
import type { VelocityNetwork } from './velocity-network';

/** A velocity network's weights laid out for row-major evaluation (inputs × outputs), made once per use. */
export interface PreparedVelocity {
  readonly d: number;
  readonly m: number;
  /** Residual step h = 1/(nTh − 1). */
  readonly step: number;
  /** The x-rows of K0ᵀ, d × m: ∂a0/∂x. */
  readonly openingSpaceT: tf.Tensor2D;
  /** K0ᵗ, the time column of K0 (length m): a0 = x·K0ˣᵀ + (b0 + t·K0ᵗ). */
  readonly openingTimeWeight: tf.Tensor1D;
  /** K_i, m × m, i = 1..M (the network's variables): the reverse pass multiplies by them. */
  readonly residual: readonly tf.Tensor2D[];
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
  const [K0, ...residual] = network.K;
  const prepared = tf.tidy(() => ({
    openingSpaceT: tf.transpose(tf.slice(K0, [0, 0], [m, d])) as tf.Tensor2D,
    openingTimeWeight: tf.reshape(tf.slice(K0, [0, d], [m, 1]), [m]) as tf.Tensor1D,
    residualT: residual.map((K) => tf.transpose(K) as tf.Tensor2D),
    outputT: tf.transpose(network.W) as tf.Tensor2D,
  }));
  return {
    d,
    m,
    step: 1 / (nTh - 1),
    ...prepared,
    residual,
    biases: network.biases,
    output: network.W,
    outputBias: network.c,
  };
}

/** Frees what {@link prepareVelocity} made (not the network's variables). */
export function disposePreparedVelocity(prepared: PreparedVelocity): void {
  tf.dispose([prepared.openingSpaceT, prepared.openingTimeWeight, ...prepared.residualT, prepared.outputT]);
}

/** The opening layer's bias at time t, b0 + t·K0ᵗ (length m): a0 = x·K0ˣᵀ + this. */
export function openingBiasAt(prepared: PreparedVelocity, t: number): tf.Tensor1D {
  return tf.add(prepared.biases[0], tf.mul(prepared.openingTimeWeight, t)) as tf.Tensor1D;
}

/** tanh(a) = 2·sigmoid(2a) − 1: wasm's sigmoid kernel is much faster than its tanh. */
function tanh(a: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(a, 2)), 2), 1) as tf.Tensor2D;
}

/**
 * What the ResNet and Jacobian sweeps multiply with once the opening preactivation is known: the preparation's
 * layouts, without the opening bias and time weight (which only form that preactivation).
 */
export type SweepWeights = Pick<PreparedVelocity, 'd' | 'm' | 'step' | 'openingSpaceT' | 'residualT' | 'outputT' | 'output' | 'outputBias'> & {
  /** b_1, …, b_M. */
  readonly residualBiases: readonly tf.Tensor1D[];
};

/** A preparation's sweep weights. */
export function sweepWeights(prepared: PreparedVelocity): SweepWeights {
  return { ...prepared, residualBiases: prepared.biases.slice(1) };
}

/** The ResNet's forward pass, one row per sample (n × m each). */
export interface ResNetSweep {
  /** u_0, …, u_M. */
  states: tf.Tensor2D[];
  /** g_i = tanh(a_i), i = 0..M (g_0 is u_0). */
  activations: tf.Tensor2D[];
  /** v = u_M·Wᵀ + c, n × d. */
  velocity: tf.Tensor2D;
}

/**
 * From the opening preactivation a0 (n × m): u0 = tanh(a0); a_i = u_{i−1}·K_iᵀ + b_i, g_i = tanh(a_i),
 * u_i = u_{i−1} + h g_i for i = 1..M; v = u_M·Wᵀ + c.
 */
export function resnetSweep(prepared: SweepWeights, openingPreactivation: tf.Tensor2D): ResNetSweep {
  const states = [tanh(openingPreactivation)];
  const activations = [states[0]];
  prepared.residualT.forEach((KT, index) => {
    const activated = tanh(tf.add(tf.matMul(states[index], KT), prepared.residualBiases[index]) as tf.Tensor2D);
    activations.push(activated);
    states.push(tf.add(states[index], tf.mul(activated, prepared.step)) as tf.Tensor2D);
  });
  const velocity = tf.add(tf.matMul(states[states.length - 1], prepared.outputT), prepared.outputBias) as tf.Tensor2D;
  return { states, activations, velocity };
}

/** The forward-propagated Jacobians J_i = ∂u_i/∂x, each sample's d rows of m (row j = ∂u_i/∂x_j), and div v. */
export interface JacobianSweep {
  /** tanh′(a_i) = 1 − g_i², i = 0..M, n × m. */
  slopes: tf.Tensor2D[];
  /** J_i, i = 0..M, n × d × m. */
  jacobians: tf.Tensor3D[];
  /** P_i = J_{i−1}·K_iᵀ per sample, i = 1..M (at index i − 1), n × d × m. */
  products: tf.Tensor3D[];
  /** div v = Σ_jk W_jk (J_M)_jk, n × 1. */
  divergence: tf.Tensor2D;
}

/**
 * numerics §3's recursion for the Jacobians, given the ResNet's activations: J0 = diag(tanh′(a0)) K0ˣ,
 * J_i = J_{i−1} + h diag(tanh′(a_i)) K_i J_{i−1} (computed as J_{i−1}·K_iᵀ per row), and div v = tr(W J_M).
 */
export function jacobianSweep(prepared: SweepWeights, activations: readonly tf.Tensor2D[]): JacobianSweep {
  const { d, m, step } = prepared;
  const n = activations[0].shape[0];
  const slopes = activations.map((g) => tf.sub(1, tf.square(g)) as tf.Tensor2D);
  const perSample = (slope: tf.Tensor2D) => tf.reshape(slope, [n, 1, m]);
  const jacobians = [tf.mul(perSample(slopes[0]), tf.reshape(prepared.openingSpaceT, [1, d, m])) as tf.Tensor3D];
  const products: tf.Tensor3D[] = [];
  prepared.residualT.forEach((KT, index) => {
    const previous = jacobians[index];
    const product = tf.reshape(tf.matMul(tf.reshape(previous, [n * d, m]) as tf.Tensor2D, KT), [n, d, m]) as tf.Tensor3D;
    products.push(product);
    jacobians.push(tf.add(previous, tf.mul(tf.mul(perSample(slopes[index + 1]), product), step)) as tf.Tensor3D);
  });
  const weighted = tf.mul(jacobians[jacobians.length - 1], tf.reshape(prepared.output, [1, d, m]));
  const divergence = tf.sum(tf.reshape(weighted, [n, d * m]), 1, true) as tf.Tensor2D;
  return { slopes, jacobians, products, divergence };
}

/** The velocity v(x, t) and its exact divergence tr(∂v/∂x) per sample (n × d and n × 1). */
export type VelocityAndDivergence = {
  velocity: tf.Tensor2D;
  divergence: tf.Tensor2D;
};

/** Checks x and t, prepares the weights unless given, and evaluates from a0 = x·K0ˣᵀ + (b0 + t·K0ᵗ) in a tf.tidy. */
function fromPositions<T extends tf.TensorContainer>(
  source: VelocityNetwork | PreparedVelocity,
  x: tf.Tensor2D,
  t: number,
  evaluate: (prepared: PreparedVelocity, openingPreactivation: tf.Tensor2D) => T,
): T {
  checkTime(t);
  const d = 'kind' in source ? source.config.d : source.d;
  checkBatch(x, d, 'x', 'positions');
  return tf.tidy(() => {
    const prepared = 'kind' in source ? prepareVelocity(source) : source;
    return evaluate(prepared, tf.add(tf.matMul(x, prepared.openingSpaceT), openingBiasAt(prepared, t)) as tf.Tensor2D);
  });
}

/**
 * v(x, t) and div_x v = tr(W J_M) = Σ_j Σ_k W_jk (J_M)_jk, exact, from forward-propagated Jacobians (O(m²d) per
 * sample, no nested autodiff). `x` is n × d; the caller owns the result. Differentiable with respect to the weights.
 */
export function velocityAndDivergence(source: VelocityNetwork | PreparedVelocity, x: tf.Tensor2D, t: number): VelocityAndDivergence {
  return fromPositions(source, x, t, (prepared, a0) => {
    const weights = sweepWeights(prepared);
    const resnet = resnetSweep(weights, a0);
    return { velocity: resnet.velocity, divergence: jacobianSweep(weights, resnet.activations).divergence };
  });
}

/** v(x, t) alone (no Jacobian), for moving samples without densities. */
export function velocityAt(source: VelocityNetwork | PreparedVelocity, x: tf.Tensor2D, t: number): tf.Tensor2D {
  return fromPositions(source, x, t, (prepared, a0) => resnetSweep(sweepWeights(prepared), a0).velocity);
}
