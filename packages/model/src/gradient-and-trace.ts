import * as tf from '@tensorflow/tfjs-core';
import { affine } from './affine';
import { asPrepared, checkBatch, checkTime, type PotentialSource } from './evaluation-input';
import { forwardSweep } from './forward-sweep';
import type { PreparedPotential } from './prepared-potential';

/** ∇_sΦ and tr ∇²_xΦ for a batch (a type alias, so that it is a tf.TensorContainer). */
export type GradientAndTrace = {
  /** ∇_sΦ, n × (d+1): the first d columns are ∇_xΦ, the last is ∂_tΦ. */
  gradient: tf.Tensor2D;
  /** tr ∇²_xΦ (time excluded), length n. */
  trace: tf.Tensor1D;
};

/**
 * numerics §3's backward sweep and, when `withTrace`, the exact Hessian trace, from the opening preactivation a0
 * (n × m). Returns (σ′(a0) ⊙ z1)·K0 + gradientBias, the gradient without its AᵀA·s part, which the caller adds
 * because it depends on how s was given.
 *
 * Trace layout: J_i (m × d per sample) is kept as an (n, d, m) tensor, the network width on the last axis, so that
 * P_i = K_i J_{i−1} is one plain matMul of the (n·d) × m view with K_iᵀ, and every reduction and broadcast runs
 * over the last axis.
 */
function networkDerivatives(
  prepared: PreparedPotential,
  openingPreactivation: tf.Tensor2D,
  gradientBias: tf.Tensor1D,
  withTrace: boolean,
): { gradient: tf.Tensor2D; trace: tf.Tensor2D | null } {
  const { h, w, residualWeightsT, residualWeightsScaled } = prepared;
  const layers = residualWeightsT.length;
  const [n, m] = openingPreactivation.shape;
  const { slopes } = forwardSweep(prepared, openingPreactivation, false);

  // Backward sweep: z_{M+1} = w (a row, broadcast over samples); z_i = z_{i+1} + (σ′(a_i) ⊙ z_{i+1})·(h K_i).
  const z: tf.Tensor[] = [];
  const slopeTimesZ: tf.Tensor2D[] = [];
  z[layers + 1] = w;
  for (let i = layers; i >= 1; i--) {
    slopeTimesZ[i] = tf.mul(slopes[i], z[i + 1]) as tf.Tensor2D;
    const step = residualWeightsScaled[i - 1];
    z[i] =
      i === layers
        ? affine(slopeTimesZ[i], step, w)
        : tf.add(z[i + 1], tf.matMul(slopeTimesZ[i], step));
  }
  slopeTimesZ[0] = tf.mul(slopes[0], z[1]) as tf.Tensor2D;
  // z0 = K0ᵀ(σ′(a0) ⊙ z1), as a row per sample.
  const gradient = affine(slopeTimesZ[0], prepared.openingWeight, gradientBias);
  if (!withTrace) return { gradient, trace: null };

  // σ″(a_i) ⊙ z_{i+1} = (1 − tanh² a_i) ⊙ z_{i+1} = z_{i+1} − σ′(a_i) ⊙ (σ′(a_i) ⊙ z_{i+1}), reusing the sweep.
  const curvatureTimesZ = (i: number): tf.Tensor2D => tf.sub(z[i + 1], tf.mul(slopes[i], slopeTimesZ[i])) as tf.Tensor2D;
  // t0 = Σ_k σ″(a0)_k (z1)_k ‖row_k(K0ˣ)‖².
  let trace: tf.Tensor2D = tf.matMul(curvatureTimesZ(0), prepared.openingSpaceRowNormsSquared);
  const d = prepared.config.d;
  // J0 = diag(σ′(a0)) K0ˣ, laid out (n, d, m).
  let J: tf.Tensor = tf.mul(tf.reshape(slopes[0], [n, 1, m]), prepared.openingSpaceWeightT3);
  for (let i = 1; i <= layers; i++) {
    // P_i = K_i J_{i−1}: the (n·d) × m view holds J[(sample, j), l] = (J_{i−1})_lj, so
    // (J·K_iᵀ)[(sample, j), k] = Σ_l (K_i)_kl (J_{i−1})_lj = (P_i)_kj, in the same layout.
    const P = tf.reshape(tf.matMul(tf.reshape(J, [n * d, m]), residualWeightsT[i - 1]), [n, d, m]);
    // h·t_i = Σ_k h σ″(a_i)_k (z_{i+1})_k Σ_j (P_i)_kj².
    const curvature = curvatureTimesZ(i);
    const weightedCurvature = tf.reshape(h === 1 ? curvature : tf.mul(curvature, h), [n, 1, m]);
    const term = tf.sum(tf.reshape(tf.mul(tf.square(P), weightedCurvature), [n, d * m]), 1, true);
    trace = tf.add(trace, term) as tf.Tensor2D;
    // J_i = J_{i−1} + h diag(σ′(a_i)) P_i; the last layer's J is never used.
    if (i < layers) J = tf.add(J, tf.mul(tf.reshape(tf.mul(slopes[i], h), [n, 1, m]), P));
  }
  return { gradient, trace: tf.add(trace, prepared.traceConstant) as tf.Tensor2D };
}

/**
 * ∇_sΦ and, when `withTrace`, tr ∇²_xΦ as an n × 1 column, at the positions x (n × d) and the one time t shared by
 * the batch, without assembling s = (x, t): a0 = x·K0ˣᵀ + (b0 + t·K0ᵗ) and AᵀA·s + b = x·(AᵀA)_{x,·} + (b + t·(AᵀA)_{t,·}).
 * This is what the ODE right-hand side calls; no input checks, no tidy (the caller owns both).
 */
export function derivativesAtTime(
  prepared: PreparedPotential,
  x: tf.Tensor2D,
  t: number,
  withTrace: boolean,
): { gradient: tf.Tensor2D; trace: tf.Tensor2D | null } {
  const openingBias = tf.add(prepared.openingBias, tf.mul(prepared.openingTimeWeight, t));
  const openingPreactivation = affine(x, prepared.openingSpaceWeightT, openingBias);
  const gradientBias = tf.add(prepared.b, tf.mul(prepared.quadraticTimeRow, t)) as tf.Tensor1D;
  const network = networkDerivatives(prepared, openingPreactivation, gradientBias, withTrace);
  const gradient = tf.add(network.gradient, tf.matMul(x, prepared.quadraticSpaceRows)) as tf.Tensor2D;
  return { gradient, trace: network.trace };
}

/**
 * Exact ∇_sΦ (n × (d+1)) and tr ∇²_xΦ (n) at the points s (n × (d+1), time in the last column), in one forward and
 * one backward sweep (numerics §3). Differentiable w.r.t. the weights. Pass a {@link PreparedPotential} when calling
 * repeatedly with the same weights.
 */
export function gradientAndTrace(source: PotentialSource, s: tf.Tensor2D): GradientAndTrace {
  return tf.tidy(() => {
    const prepared = asPrepared(source);
    checkBatch(s, prepared.config.d + 1, 's', 'points (x, t)');
    const openingPreactivation = affine(s, prepared.openingWeightT, prepared.openingBias);
    const network = networkDerivatives(prepared, openingPreactivation, prepared.b, true);
    const gradient = tf.add(network.gradient, tf.matMul(s, prepared.quadratic)) as tf.Tensor2D;
    return { gradient, trace: tf.reshape(network.trace as tf.Tensor2D, [s.shape[0]]) as tf.Tensor1D };
  });
}

/** {@link gradientAndTrace} at positions x (n × d) and one time t for all of them. */
export function gradientAndTraceAtTime(source: PotentialSource, x: tf.Tensor2D, t: number): GradientAndTrace {
  return tf.tidy(() => {
    const prepared = asPrepared(source);
    checkBatch(x, prepared.config.d, 'x', 'positions');
    checkTime(t);
    const { gradient, trace } = derivativesAtTime(prepared, x, t, true);
    return { gradient, trace: tf.reshape(trace as tf.Tensor2D, [x.shape[0]]) as tf.Tensor1D };
  });
}
