import * as tf from '@tensorflow/tfjs-core';
import { BatchSums } from './batch-sums';
import type { VelocityFieldSaved } from './velocity-field';
import type { VelocityFieldInputs, VelocityFieldReverseHelpers, VelocityFieldShape } from './velocity-field-parameters';

/** The vector-Jacobian product of one velocity field evaluation: a gradient for the state, the opening bias and each input. */
export interface VelocityFieldGradients {
  state: tf.Tensor2D;
  openingBias: tf.Tensor1D;
  inputs: VelocityFieldInputs;
}

/**
 * Reverses the velocity network's packed field ({@link velocityFieldForward}, {@link packedVelocityDerivative}) by
 * hand: given the cotangent Ȳ′ = [v̄′ | div̄ | L̄ | R̄] of Y′ = [v | div v | ½‖v‖² | 0] (n × (d+3)), returns Ȳ (zero
 * but for its x columns) and the gradient of the opening bias and of every input. Each step names the forward line
 * it reverses (rows are samples, X̄ = ∂⟨Ȳ′, Y′⟩/∂X, q_i = tanh′(a_i) = 1 − g_i²). Per sample, J_i, P_i and their
 * cotangents are d rows of m, handled as n·d × m for matMuls. Sums over samples are plain matMuls of transposed stacks
 * ({@link BatchSums}); sums over the d rows are matMuls with block selectors: no transposed matMul, no axis-0 or
 * middle-axis reduction.
 */
export function velocityFieldGradient(
  shape: VelocityFieldShape,
  inputs: VelocityFieldInputs,
  reverse: VelocityFieldReverseHelpers,
  state: tf.Tensor2D,
  forward: VelocityFieldSaved,
  cotangent: tf.Tensor2D,
): VelocityFieldGradients {
  const { d, m, layers, h } = shape;
  const n = state.shape[0];
  const sums = new BatchSums(n);
  const { states, activations, slopes, jacobians, products, velocity } = forward;
  const rows = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [n * d, m]);
  const wide = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [n, d * m]);
  const perSample = (x: tf.Tensor2D): tf.Tensor3D => tf.reshape(x, [n, 1, m]);
  const scaled = <T extends tf.Tensor>(x: T): T => (h === 1 ? x : (tf.mul(x, h) as T));

  // Y′ = v·placeVelocity + div·placeDivergence + v²·placeTransport: div̄ and L̄ are Ȳ′'s ℓ and L columns; R′ ≡ 0
  // drops R̄. L′ = ½‖v‖² adds L̄ ⊙ v to v̄.
  const divergenceBar = tf.matMul(cotangent, reverse.takeDivergence) as tf.Tensor2D;
  const velocityBar = tf.add(tf.matMul(cotangent, reverse.takeVelocity), tf.mul(tf.matMul(cotangent, reverse.takeTransport), velocity)) as tf.Tensor2D;

  // v = u_M·Wᵀ + c: c̄ = Σ_rows v̄, ū_M = v̄·W, W̄ = v̄ᵀ u_M (as (u_Mᵀ v̄)ᵀ: the wide u_M is the one transposed).
  const outputBiasBar = sums.narrowColumnSums(velocityBar);
  let stateBar = tf.matMul(velocityBar, inputs.output);
  const outputBarFromVelocity = tf.transpose(tf.matMul(sums.transposed([states[layers]]), sums.stack([velocityBar])));
  // div v = Σ_jk W_jk (J_M)_jk per sample: J̄_M = div̄ ⊙ W, W̄ += Σ_rows div̄ J_M.
  let jacobianBar = tf.mul(divergenceBar, tf.reshape(inputs.output, [1, d * m])) as tf.Tensor2D;
  const outputBarFromDivergence = tf.reshape(tf.matMul(sums.transposed([wide(jacobians[layers])]), sums.stack([divergenceBar])), [d, m]);

  const residualWeightsBar: tf.Tensor2D[] = [];
  const residualBiasesBar: tf.Tensor1D[] = [];
  for (let i = layers; i >= 1; i--) {
    const K = inputs.residualWeights[i - 1];
    // J_i = J_{i−1} + h q_i ⊙ P_i: P̄_i = h q_i ⊙ J̄_i, q̄_i = h Σ_j J̄_i ⊙ P_i (J̄_{i−1} gets J̄_i, below).
    const productBar = rows(tf.mul(tf.reshape(jacobianBar, [n, d, m]), perSample(scaled(slopes[i]))));
    const slopeBar = scaled(tf.matMul(tf.mul(jacobianBar, wide(products[i - 1])) as tf.Tensor2D, reverse.blockSum));
    // q_i = 1 − g_i²: ḡ_i = −2 g_i ⊙ q̄_i; u_i = u_{i−1} + h g_i: ḡ_i += h ū_i (ū_{i−1} gets ū_i, below).
    const activationBar = tf.add(tf.mul(tf.mul(activations[i], slopeBar), -2), scaled(stateBar));
    // g_i = tanh(a_i): ā_i = ḡ_i ⊙ q_i.
    const preactivationBar = tf.mul(activationBar, slopes[i]) as tf.Tensor2D;
    // a_i = u_{i−1}·K_iᵀ + b_i and P_i = J_{i−1}·K_iᵀ: K̄_i = ā_iᵀ u_{i−1} + P̄_iᵀ J_{i−1}, one product of the
    // transposed stack [ā_i; P̄_i] with [u_{i−1}; J_{i−1}]; b̄_i = Σ_rows ā_i reads that stack's first block.
    const leftT = sums.transposed([preactivationBar, productBar]);
    residualWeightsBar[i - 1] = tf.matMul(leftT, sums.stack([states[i - 1], rows(jacobians[i - 1])]));
    residualBiasesBar[i - 1] = sums.firstBlockSums(leftT);
    // The same two lines: ū_{i−1} = ū_i + ā_i·K_i, J̄_{i−1} = J̄_i + P̄_i·K_i.
    stateBar = tf.add(stateBar, tf.matMul(preactivationBar, K)) as tf.Tensor2D;
    jacobianBar = tf.add(jacobianBar, wide(tf.matMul(productBar, K))) as tf.Tensor2D;
  }

  // J0 = q0 ⊙ K0ˣᵀ (each sample's d rows): q̄0 = Σ_j J̄0[:, j] ⊙ K0ˣᵀ[j], K̄0ˣᵀ = Σ_rows J̄0 ⊙ q0.
  const openingSlopeBar = tf.matMul(jacobianBar, reverse.openingSpaceDiagonals);
  const openingSpaceTBar = tf.reshape(sums.columnSums(wide(tf.mul(tf.reshape(jacobianBar, [n, d, m]), perSample(slopes[0])))), [d, m]);
  // q0 = 1 − u0²: ū0 += −2 u0 ⊙ q̄0; u0 = tanh(a0): ā0 = ū0 ⊙ q0.
  const openingBar = tf.mul(tf.add(stateBar, tf.mul(tf.mul(activations[0], openingSlopeBar), -2)), slopes[0]) as tf.Tensor2D;
  // a0 = Y·W0 + openingBias: Ȳ = ā0·W0ᵀ, W̄0ᵀ = ā0ᵀ·Y and the opening bias's Σ_rows ā0 share one transpose of ā0.
  const openingBarT = sums.transposed([openingBar]);

  return {
    state: tf.matMul(openingBar, inputs.openingWeightPaddedT),
    openingBias: sums.firstBlockSums(openingBarT),
    inputs: {
      openingWeightPaddedT: tf.matMul(openingBarT, sums.stack([state])),
      openingSpaceT: openingSpaceTBar as tf.Tensor2D,
      residualWeights: residualWeightsBar,
      residualBiases: residualBiasesBar,
      output: tf.add(outputBarFromVelocity, outputBarFromDivergence) as tf.Tensor2D,
      outputBias: outputBiasBar,
    },
  };
}
