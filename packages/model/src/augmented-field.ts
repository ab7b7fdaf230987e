import * as tf from '@tensorflow/tfjs-core';
import { activation, activationSlope } from './activation';
import type { FieldHelpers, FieldInputs, FieldShape } from './field-parameters';

/** The network's per-sample quantities of one evaluation (numerics §3, batched: one row per sample). */
export interface NetworkIntermediates {
  /** σ′(a_i) = tanh(a_i), i = 0..M. */
  slopes: tf.Tensor2D[];
  /** σ″(a_i) = 1 − tanh²(a_i), i = 0..M. */
  curvatures: tf.Tensor2D[];
  /** u_i, i = 0..M−1 (u_M is never needed). */
  states: tf.Tensor2D[];
  /** y_i = σ′(a_i) ⊙ z_{i+1}, i = 0..M. */
  ys: tf.Tensor2D[];
  /** z_i at index i − 1, i = 1..M (z_{M+1} = w). */
  zs: tf.Tensor2D[];
  /** c_i = σ″(a_i) ⊙ z_{i+1}, i = 0..M. */
  curvatureTimesZ: tf.Tensor2D[];
  /** ∇_sΦ, n × (d+1), and its square. */
  gradient: tf.Tensor2D;
  gradientSquared: tf.Tensor2D;
  /** ∂_tΦ − ‖∇_xΦ‖²/(2α_L), n × 1. */
  hjbResidual: tf.Tensor2D;
}

/** The trace's Jacobian products of one evaluation: d·M tensors of n × m, the bulk of its memory for large d. */
export interface TraceIntermediates {
  /** P_i[:, j] = (K_i J_{i−1})[:, j] per sample, at [i − 1][j] for i = 1..M, j = 0..d−1. */
  jacobianProducts: tf.Tensor2D[][];
  /** Σ_j P_i[:, j]², at index i − 1. */
  squaredProductSums: tf.Tensor2D[];
  /** J_i[:, j] at [i][j] for i = 0..M−1; only when M ≥ 2. */
  jacobians: tf.Tensor2D[][];
}

/** How many tensors {@link flattenNetworkIntermediates} lists for M residual layers. */
export function networkIntermediateCount(layers: number): number {
  return 6 * layers + 7;
}

/** The network intermediates as a flat list (to save them on the gradient tape), and back. */
export function flattenNetworkIntermediates(network: NetworkIntermediates): tf.Tensor[] {
  const { slopes, curvatures, states, ys, zs, curvatureTimesZ, gradient, gradientSquared, hjbResidual } = network;
  return [...slopes, ...curvatures, ...states, ...ys, ...zs, ...curvatureTimesZ, gradient, gradientSquared, hjbResidual];
}

/** The trace intermediates as a flat list, and back. */
export function flattenTraceIntermediates(trace: TraceIntermediates): tf.Tensor[] {
  return [...trace.jacobianProducts.flat(), ...trace.squaredProductSums, ...trace.jacobians.flat()];
}

export function rebuildTraceIntermediates(list: readonly tf.Tensor[], layers: number, d: number): TraceIntermediates {
  const all = list as tf.Tensor2D[];
  const rows = (start: number, count: number) => Array.from({ length: count }, (_, i) => all.slice(start + i * d, start + (i + 1) * d));
  const jacobianProducts = rows(0, layers);
  const squaredProductSums = all.slice(layers * d, layers * d + layers);
  const jacobians = layers >= 2 ? rows(layers * d + layers, layers) : [];
  return { jacobianProducts, squaredProductSums, jacobians };
}

export function rebuildNetworkIntermediates(list: readonly tf.Tensor[], layers: number): NetworkIntermediates {
  let next = 0;
  const take = (count: number) => {
    const part = list.slice(next, next + count) as tf.Tensor2D[];
    next += count;
    return part;
  };
  const slopes = take(layers + 1);
  const curvatures = take(layers + 1);
  const states = take(layers);
  const ys = take(layers + 1);
  const zs = take(layers);
  const curvatureTimesZ = take(layers + 1);
  const [gradient, gradientSquared, hjbResidual] = take(3);
  return { slopes, curvatures, states, ys, zs, curvatureTimesZ, gradient, gradientSquared, hjbResidual };
}

/** The per-time biases of one evaluation: b0 + t·K0ᵗ (length m) and b + t·(AᵀA)_{t,·} (length d+1). */
export interface FieldTimeInputs {
  openingBias: tf.Tensor1D;
  gradientBias: tf.Tensor1D;
}

function affine(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return tf.fused.matMul({ a, b, bias }) as tf.Tensor2D;
}

function sumAll(terms: tf.Tensor2D[]): tf.Tensor2D {
  return terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor2D);
}

/**
 * The network part of numerics §3 on the packed state Y = [x | ℓ | L | R] (n × (d+3)), rows are samples, α = α_L:
 *   a0 = x·K0ˣᵀ + b0 + t·K0ᵗ, u0 = σ(a0); a_i = u_{i−1}·K_iᵀ + b_i, u_i = u_{i−1} + h σ(a_i)
 *   z_{M+1} = w, y_i = σ′(a_i) ⊙ z_{i+1}, z_i = z_{i+1} + y_i·(h K_i), g = y0·K0 + AᵀA·s + b
 * and the HJB residual g_t − ‖g_x‖²/(2α). Every product is a plain matMul with a prepared operand.
 */
export function fieldNetwork(
  shape: FieldShape,
  inputs: FieldInputs,
  helpers: FieldHelpers,
  state: tf.Tensor2D,
  time: FieldTimeInputs,
): NetworkIntermediates {
  const { layers, h } = shape;
  const openingPreactivation = affine(state, helpers.openingWeightPadded, time.openingBias);
  const slopes = [activationSlope(openingPreactivation)];
  const states = [activation(openingPreactivation, slopes[0])];
  for (let i = 1; i <= layers; i++) {
    const preactivation = affine(states[i - 1], helpers.residualWeightsT[i - 1], inputs.residualBiases[i - 1]);
    slopes.push(activationSlope(preactivation));
    if (i < layers) {
      const step = activation(preactivation, slopes[i]);
      states.push(tf.add(states[i - 1], h === 1 ? step : tf.mul(step, h)) as tf.Tensor2D);
    }
  }
  const curvatures = slopes.map((slope) => tf.sub(1, tf.square(slope)) as tf.Tensor2D);

  // Backward sweep, i = M..1, with z_i stored at index i − 1.
  const ys: tf.Tensor2D[] = [];
  const zs: tf.Tensor2D[] = [];
  const zAbove = (i: number): tf.Tensor => (i === layers ? inputs.w : zs[i]);
  for (let i = layers; i >= 1; i--) {
    ys[i] = tf.mul(slopes[i], zAbove(i)) as tf.Tensor2D;
    const step = helpers.residualWeightsScaled[i - 1];
    zs[i - 1] = i === layers ? affine(ys[i], step, inputs.w) : (tf.add(zs[i], tf.matMul(ys[i], step)) as tf.Tensor2D);
  }
  ys[0] = tf.mul(slopes[0], zs[0]) as tf.Tensor2D;
  // g = y0·K0 + (b + t·(AᵀA)_{t,·}) + x·(AᵀA)_{x,·}.
  const gradient = tf.add(affine(ys[0], inputs.openingWeight, time.gradientBias), tf.matMul(state, inputs.quadraticPadded)) as tf.Tensor2D;
  const gradientSquared = tf.square(gradient);
  const hjbResidual = tf.add(tf.matMul(gradient, helpers.timeColumn), tf.matMul(gradientSquared, helpers.hjbNormColumn)) as tf.Tensor2D;
  const curvatureTimesZ = curvatures.map((curvature, i) => tf.mul(curvature, zAbove(i)) as tf.Tensor2D);
  return { slopes, curvatures, states, ys, zs, curvatureTimesZ, gradient, gradientSquared, hjbResidual };
}

/**
 * numerics §3's trace products, column j of each per sample: P_1[:, j] = σ′(a0)·B_j (= K1·J0 with J0 = diag(σ′(a0))·K0ˣ),
 * J_i = J_{i−1} + h σ′(a_i) ⊙ P_i and P_{i+1} = J_i·K_{i+1}ᵀ, with S_i = Σ_j P_i[:, j]².
 */
export function traceProducts(shape: FieldShape, helpers: FieldHelpers, slopes: readonly tf.Tensor2D[]): TraceIntermediates {
  const { layers, h } = shape;
  const jacobianProducts: tf.Tensor2D[][] = [helpers.traceFactors.map((factor) => tf.matMul(slopes[0], factor))];
  const squaredProductSums: tf.Tensor2D[] = [];
  const jacobians: tf.Tensor2D[][] = [];
  if (layers >= 2) jacobians[0] = helpers.openingSpaceRows.map((row) => tf.mul(slopes[0], row) as tf.Tensor2D);
  for (let i = 1; i <= layers; i++) {
    squaredProductSums.push(sumAll(jacobianProducts[i - 1].map((product) => tf.square(product))));
    if (i < layers) {
      const scaledSlope = h === 1 ? slopes[i] : tf.mul(slopes[i], h);
      jacobians[i] = jacobians[i - 1].map((jacobian, j) => tf.add(jacobian, tf.mul(scaledSlope, jacobianProducts[i - 1][j])) as tf.Tensor2D);
      jacobianProducts.push(jacobians[i].map((jacobian) => tf.matMul(jacobian, helpers.residualWeightsT[i])));
    }
  }
  return { jacobianProducts, squaredProductSums, jacobians };
}

/**
 * numerics §4's right-hand side on the packed state, [x′ | ℓ′ | L′ | R′] with
 *   H = Σ_k c0 ‖row_k K0ˣ‖² + h Σ_i Σ_k c_i S_i + tr((AᵀA)_{x,x}), c_i = σ″(a_i) ⊙ z_{i+1}
 *   x′ = −g_x/α, ℓ′ = −H/α, L′ = ‖g_x‖²/(2α²), R′ = |g_t − ‖g_x‖²/(2α)|.
 * The four outputs are placed into their columns by tiny matMuls with constant selectors (wasm's slice and concat
 * along columns are slow).
 */
export function augmentedFieldDerivative(
  inputs: FieldInputs,
  helpers: FieldHelpers,
  network: NetworkIntermediates,
  trace: TraceIntermediates,
): tf.Tensor2D {
  const { gradient, gradientSquared, curvatureTimesZ, hjbResidual } = network;
  const layerTraces = sumAll(trace.squaredProductSums.map((sums, index) => tf.mul(curvatureTimesZ[index + 1], sums) as tf.Tensor2D));
  return tf.addN([
    affine(gradient, helpers.placeVelocity, inputs.traceConstantRow),
    tf.matMul(gradientSquared, helpers.placeTransport),
    tf.matMul(curvatureTimesZ[0], inputs.openingTraceWeights),
    tf.matMul(layerTraces, helpers.placeTrace),
    tf.matMul(tf.abs(hjbResidual), helpers.placeHjb),
  ]) as tf.Tensor2D;
}
