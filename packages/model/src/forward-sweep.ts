import * as tf from '@tensorflow/tfjs-core';
import { affine } from './affine';
import { activation, activationSlope } from './activation';
import type { PreparedPotential } from './prepared-potential';

export interface ForwardSweep {
  /** σ′(a_i) = tanh(a_i) for i = 0..M, each n × m. */
  slopes: tf.Tensor2D[];
  /** N(s) = u_M (n × m), when asked for. */
  output: tf.Tensor2D | null;
}

/**
 * The ResNet's forward pass (numerics §2, §3) from the opening preactivation a0 = K0 s + b0 (n × m, rows are samples):
 * u0 = σ(a0), a_i = u_{i−1}·K_iᵀ + b_i, u_i = u_{i−1} + h σ(a_i). The gradient and trace need only the slopes
 * σ′(a_i); u_M is computed only for Φ itself.
 */
export function forwardSweep(prepared: PreparedPotential, openingPreactivation: tf.Tensor2D, withOutput: boolean): ForwardSweep {
  const { h, residualWeightsT, residualBiases } = prepared;
  const layers = residualWeightsT.length;
  const slopes = [activationSlope(openingPreactivation)];
  let state = activation(openingPreactivation, slopes[0]);
  for (let i = 1; i <= layers; i++) {
    const preactivation = affine(state, residualWeightsT[i - 1], residualBiases[i - 1]);
    const slope = activationSlope(preactivation);
    slopes.push(slope);
    if (i < layers || withOutput) {
      const step = activation(preactivation, slope);
      state = tf.add(state, h === 1 ? step : tf.mul(step, h)) as tf.Tensor2D;
    }
  }
  return { slopes, output: withOutput ? state : null };
}
