import * as tf from '@tensorflow/tfjs-core';
import type { FieldTimeInputs, NetworkIntermediates, TraceIntermediates } from './augmented-field';
import { BatchSums } from './batch-sums';
import type { FieldHelpers, FieldInputs, FieldShape } from './field-parameters';

/** The vector-Jacobian product of one field evaluation: a gradient for the state, the time biases and each input. */
export interface FieldGradients {
  state: tf.Tensor2D;
  time: FieldTimeInputs;
  inputs: FieldInputs;
}

function sumAll(terms: tf.Tensor2D[]): tf.Tensor2D {
  return terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor2D);
}

/**
 * Reverses {@link augmentedFieldDerivative} by hand: given the cotangent Ō = [x̄′ | ℓ̄′ | L̄′ | R̄′] of the output
 * (n × (d+3)), returns Ȳ and the gradient of every weight input. Each step names the forward formula it reverses
 * (α = α_L, rows are samples, X̄ = ∂⟨Ō, output⟩/∂X, σ′ = tanh, σ″ = 1 − tanh²). Sums over samples are plain matMuls
 * of transposed stacks ({@link BatchSums}); no transposed matMul, no axis-0 reduction.
 */
export function augmentedFieldGradient(
  shape: FieldShape,
  inputs: FieldInputs,
  helpers: FieldHelpers,
  state: tf.Tensor2D,
  network: NetworkIntermediates,
  trace: TraceIntermediates,
  cotangent: tf.Tensor2D,
): FieldGradients {
  const { layers, h } = shape;
  const sums = new BatchSums(state.shape[0]);
  const { slopes, curvatures, states, ys, zs, curvatureTimesZ, gradient } = network;
  const { jacobianProducts, squaredProductSums, jacobians } = trace;
  // z_{i+1} for i = 0..M (z_i sits at index i − 1; z_{M+1} = w).
  const zAbove = (i: number): tf.Tensor => (i === layers ? inputs.w : zs[i]);
  const scaled = (x: tf.Tensor2D): tf.Tensor2D => (h === 1 ? x : (tf.mul(x, h) as tf.Tensor2D));

  // Output = g·placeVelocity + traceConstantRow + g²·placeTransport + c0·openingTraceWeights
  //          + (Σ_i c_i ⊙ S_i)·placeTrace + |r|·placeHjb, with S_i = Σ_j P_i[:, j]² and r the HJB residual.
  const openingCurvatureBar = tf.matMul(cotangent, helpers.openingTraceWeightsT);
  const layerTracesBar = tf.matMul(cotangent, helpers.placeTraceT);
  // d|r|/dr = sign(r); step(r, −1) is 1 for r > 0 and −1 otherwise (a subgradient at 0).
  const residualBar = tf.mul(tf.matMul(cotangent, helpers.placeHjbT), tf.step(network.hjbResidual, -1)) as tf.Tensor2D;
  // r = g·timeColumn + g²·hjbNormColumn; 2·ḡ² (d(g²)/dg = 2g) from L′ and r.
  const gradientSquaredBar2 = tf.add(tf.matMul(cotangent, helpers.placeTransportT2), tf.matMul(residualBar, helpers.hjbNormColumnT2));
  const gradientBar = tf.addN([
    tf.matMul(cotangent, helpers.placeVelocityT),
    tf.matMul(residualBar, helpers.timeColumnT),
    tf.mul(gradient, gradientSquaredBar2),
  ]) as tf.Tensor2D;
  const traceConstantRowBar = sums.narrowColumnSums(cotangent);
  const openingTraceWeightsBar = tf.matMul(sums.transposed([curvatureTimesZ[0]]), sums.stack([cotangent])) as tf.Tensor2D;

  // g = y0·K0 + gradientBias + Y·quadraticPadded.
  const y0Bar = tf.matMul(gradientBar, helpers.openingWeightT);
  const openingWeightBar = tf.matMul(sums.transposed([ys[0]]), sums.stack([gradientBar])) as tf.Tensor2D;
  const gradientBiasBar = sums.narrowColumnSums(gradientBar);
  const quadraticPaddedBar = tf.matMul(tf.transpose(state), gradientBar) as tf.Tensor2D;

  // Terms of s̄_i = ∂/∂σ′(a_i), i = 0..M.
  const slopeBar: tf.Tensor2D[][] = slopes.map(() => []);
  // y0 = σ′(a0) ⊙ z1 and c0 = σ″(a0) ⊙ z1 with σ″ = 1 − σ′²: s̄0 = ȳ0 ⊙ z1 − 2 y0 ⊙ c̄0, z̄1 = ȳ0 ⊙ σ′0 + c̄0 ⊙ σ″0.
  slopeBar[0].push(tf.mul(y0Bar, zAbove(0)) as tf.Tensor2D, tf.mul(tf.mul(ys[0], openingCurvatureBar), -2) as tf.Tensor2D);
  const zBar1 = tf.add(tf.mul(y0Bar, slopes[0]), tf.mul(openingCurvatureBar, curvatures[0])) as tf.Tensor2D;

  // Σ_i c_i ⊙ S_i: c̄_i = T̄ ⊙ S_i, and 2 S̄_i = 2 T̄ ⊙ c_i (the 2 of dP²/dP). Both at index i − 1.
  const layerTracesBar2 = tf.mul(layerTracesBar, 2);
  const curvatureTimesZBar = squaredProductSums.map((productSums) => tf.mul(layerTracesBar, productSums) as tf.Tensor2D);
  const squaredSumsBar2 = squaredProductSums.map((_, index) => tf.mul(layerTracesBar2, curvatureTimesZ[index + 1]) as tf.Tensor2D);

  // Trace products, i = M..1: P̄_i = 2 S̄_i ⊙ P_i + h σ′(a_i) ⊙ J̄_i (J_i = J_{i−1} + h σ′(a_i) ⊙ P_i, i < M);
  // s̄_i += h Σ_j J̄_i ⊙ P_i; P_i = J_{i−1}·K_iᵀ (i ≥ 2) gives J̄_{i−1} = J̄_i + P̄_i·K_i and K̄_i += Σ_j P̄_iᵀ J_{i−1}.
  // P_1 = σ′(a0)·B_j gives s̄0 += P̄_1·B_jᵀ and B̄_j = σ′(a0)ᵀ P̄_1, which B_j = diag(K0ˣ[:, j])·K1ᵀ passes on as
  // K̄1ᵀ += Σ_j K0ˣ[:, j] ⊙ B̄_j (row-wise) and K̄0ˣᵀ[j] = Σ_k B̄_j ⊙ K1ᵀ (row sums); J0 = σ′(a0) ⊙ K0ˣ rows (M ≥ 2)
  // adds s̄0 += Σ_j J̄0[:, j] ⊙ K0ˣ[:, j]ᵀ and K̄0ˣᵀ[j] += Σ_rows J̄0[:, j] ⊙ σ′(a0).
  // K̄_i collects pairs (left, right) whose Σ_rows leftᵀ·right it sums.
  const residualPairs: [tf.Tensor2D, tf.Tensor2D][][] = slopes.map(() => []);
  let jacobianBar: tf.Tensor2D[] | null = null;
  let traceWeightsTBar: tf.Tensor2D | null = null;
  let openingSpaceWeightTBar: tf.Tensor2D | null = null;
  for (let i = layers; i >= 1; i--) {
    const above: tf.Tensor2D[] | null = jacobianBar;
    const products = jacobianProducts[i - 1];
    const scaledSlope = above === null ? null : scaled(slopes[i]);
    const productBar = products.map((product, j): tf.Tensor2D => {
      const fromSquares = tf.mul(squaredSumsBar2[i - 1], product) as tf.Tensor2D;
      return above === null ? fromSquares : (tf.add(fromSquares, tf.mul(scaledSlope as tf.Tensor2D, above[j])) as tf.Tensor2D);
    });
    if (above !== null) slopeBar[i].push(scaled(sumAll(above.map((bar, j) => tf.mul(bar, products[j]) as tf.Tensor2D))));
    if (i >= 2) {
      jacobians[i - 1].forEach((jacobian, j) => residualPairs[i].push([productBar[j], jacobian]));
      jacobianBar = productBar.map((bar, j): tf.Tensor2D => {
        const back = tf.matMul(bar, inputs.residualWeights[i - 1]) as tf.Tensor2D;
        return above === null ? back : (tf.add(above[j], back) as tf.Tensor2D);
      });
    } else {
      slopeBar[0].push(sumAll(productBar.map((bar, j) => tf.matMul(bar, helpers.traceFactorsT[j]))));
      const openingSlopeT = sums.transposed([slopes[0]]);
      const factorBars = productBar.map((bar) => tf.matMul(openingSlopeT, sums.stack([bar])));
      traceWeightsTBar = sumAll(factorBars.map((bar, j) => tf.mul(bar, helpers.openingSpaceColumns[j]) as tf.Tensor2D));
      let spaceRows = factorBars.map((bar) => tf.sum(tf.mul(bar, inputs.traceWeightsT), 1) as tf.Tensor1D);
      if (above !== null) {
        slopeBar[0].push(sumAll(above.map((bar, j) => tf.mul(bar, helpers.openingSpaceRows[j]) as tf.Tensor2D)));
        spaceRows = spaceRows.map((row, j) => tf.add(row, sums.columnSums(tf.mul(above[j], slopes[0]) as tf.Tensor2D)) as tf.Tensor1D);
      }
      openingSpaceWeightTBar = tf.stack(spaceRows) as tf.Tensor2D;
    }
  }

  // c_i = σ″(a_i) ⊙ z_{i+1}: s̄_i += −2 y_i ⊙ c̄_i (and z̄_{i+1} += c̄_i ⊙ σ″(a_i), below).
  for (let i = 1; i <= layers; i++) slopeBar[i].push(tf.mul(tf.mul(ys[i], curvatureTimesZBar[i - 1]), -2) as tf.Tensor2D);

  // z_i = z_{i+1} + h y_i·K_i, y_i = σ′(a_i) ⊙ z_{i+1}, i = 1..M: ȳ_i = z̄_i·(h K_i)ᵀ, K̄_i += y_iᵀ (h z̄_i),
  // s̄_i += ȳ_i ⊙ z_{i+1}, z̄_{i+1} = z̄_i + ȳ_i ⊙ σ′(a_i) + c̄_i ⊙ σ″(a_i). z_{M+1} = w: w̄ = Σ_rows z̄_{M+1}.
  let zBar = zBar1;
  for (let i = 1; i <= layers; i++) {
    const yBar = tf.matMul(zBar, helpers.residualWeightsScaledT[i - 1]);
    residualPairs[i].push([ys[i], scaled(zBar)]);
    slopeBar[i].push(tf.mul(yBar, zAbove(i)) as tf.Tensor2D);
    zBar = tf.addN([zBar, tf.mul(yBar, slopes[i]), tf.mul(curvatureTimesZBar[i - 1], curvatures[i])]) as tf.Tensor2D;
  }
  const wBar = sums.columnSums(zBar);

  // The residual layers, i = M..1: ā_i = s̄_i ⊙ σ″(a_i) + h ū_i ⊙ σ′(a_i) (u_i = u_{i−1} + h σ(a_i));
  // a_i = u_{i−1}·K_iᵀ + b_i: ū_{i−1} = ā_i·K_i + ū_i, K̄_i += ā_iᵀ u_{i−1}, b̄_i = Σ_rows ā_i. K̄_i is one product
  // of the transposed stack [ā_i; y_i; P̄_i…] with [u_{i−1}; h z̄_i; J_{i−1}…]; b̄_i reads that stack's first block.
  const residualBiasesBar: tf.Tensor1D[] = [];
  const residualWeightsBar: tf.Tensor2D[] = [];
  let stateBar: tf.Tensor2D | null = null;
  for (let i = layers; i >= 1; i--) {
    const fromSlope = tf.mul(sumAll(slopeBar[i]), curvatures[i]) as tf.Tensor2D;
    const preactivationBar: tf.Tensor2D = stateBar === null ? fromSlope : (tf.add(fromSlope, tf.mul(stateBar, scaled(slopes[i]))) as tf.Tensor2D);
    const pairs = [[preactivationBar, states[i - 1]], ...residualPairs[i]];
    const leftT = sums.transposed(pairs.map(([left]) => left));
    residualWeightsBar[i - 1] = tf.matMul(leftT, sums.stack(pairs.map(([, right]) => right)));
    residualBiasesBar[i - 1] = sums.firstBlockSums(leftT);
    const back = tf.matMul(preactivationBar, inputs.residualWeights[i - 1]) as tf.Tensor2D;
    stateBar = stateBar === null ? back : (tf.add(stateBar, back) as tf.Tensor2D);
  }
  // u0 = σ(a0): ā0 = s̄0 ⊙ σ″(a0) + ū0 ⊙ σ′(a0); a0 = Y·W0 + openingBias. W̄0ᵀ = ā0ᵀ·Y and the opening bias's
  // Σ_rows ā0 share one transpose of ā0.
  const openingBar = tf.add(tf.mul(sumAll(slopeBar[0]), curvatures[0]), tf.mul(stateBar as tf.Tensor2D, slopes[0])) as tf.Tensor2D;
  const openingBarT = sums.transposed([openingBar]);

  return {
    state: tf.add(tf.matMul(gradientBar, helpers.quadraticPaddedT), tf.matMul(openingBar, inputs.openingWeightPaddedT)) as tf.Tensor2D,
    time: { openingBias: sums.firstBlockSums(openingBarT), gradientBias: gradientBiasBar },
    inputs: {
      openingWeightPaddedT: tf.matMul(openingBarT, sums.stack([state])) as tf.Tensor2D,
      residualWeights: residualWeightsBar,
      residualBiases: residualBiasesBar,
      w: wBar,
      openingWeight: openingWeightBar,
      quadraticPadded: quadraticPaddedBar,
      openingTraceWeights: openingTraceWeightsBar,
      traceConstantRow: traceConstantRowBar,
      traceWeightsT: traceWeightsTBar as tf.Tensor2D,
      openingSpaceWeightT: openingSpaceWeightTBar as tf.Tensor2D,
    },
  };
}
