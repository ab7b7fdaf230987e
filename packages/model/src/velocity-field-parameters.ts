import * as tf from '@tensorflow/tfjs-core';
import { constantMatrix } from './constant-matrix';
import { openingBiasAt, sweepWeights, type PreparedVelocity } from './velocity-divergence';
import type { VelocityFieldForwardWeights } from './velocity-field';

/**
 * The weights as inputs of the velocity field's custom op, in the layouts its passes multiply with. The op returns
 * one gradient per input, in the same layout, and autodiff carries it back through the preparation to the variables.
 * The packed state is Y = [x | ℓ | L | R], n × (d+3).
 */
export type VelocityFieldInputs = {
  /** W0ᵀ = [K0ˣ | 0] (m × (d+3)) with W0 = [K0ˣᵀ; 0]: a0 = Y·W0 + (b0 + t·K0ᵗ). Ȳ = ā0·W0ᵀ, and its gradient ā0ᵀ·Y. */
  openingWeightPaddedT: tf.Tensor2D;
  /** K0ˣᵀ (d × m) as it enters J0 = diag(tanh′(a0)) K0ˣ. */
  openingSpaceT: tf.Tensor2D;
  /** K_i (m × m), i = 1..M: ū_{i−1} = ā_i·K_i and J̄_{i−1} = P̄_i·K_i; gradient ā_iᵀ u_{i−1} + P̄_iᵀ J_{i−1}. */
  residualWeights: tf.Tensor2D[];
  /** b_i, i = 1..M. */
  residualBiases: tf.Tensor1D[];
  /** W (d × m): ū_M = v̄·W and J̄_M = div̄ ⊙ W. */
  output: tf.Tensor2D;
  /** c (d). */
  outputBias: tf.Tensor1D;
};

/** Constants and layouts the reverse pass reads; no gradient flows to them. */
export type VelocityFieldReverseHelpers = {
  /** (d·m) × m, the d blocks diag(K0ˣᵀ[j, :]): J̄0 (n × d·m) times it is Σ_j J̄0[:, j, :] ⊙ K0ˣᵀ[j, :]. */
  openingSpaceDiagonals: tf.Tensor2D;
  /** (d·m) × m, d stacked identities: an n × d·m tensor times it is the sum of its d blocks (over j). */
  blockSum: tf.Tensor2D;
  /** (d+3) × d, (d+3) × 1, (d+3) × 1: Ȳ′ times them is v̄, div̄, L̄ (the cotangents of x′, ℓ′, L′). */
  takeVelocity: tf.Tensor2D;
  takeDivergence: tf.Tensor2D;
  takeTransport: tf.Tensor2D;
};

/** Sizes of one velocity field: M = nTh − 1 residual layers with step h = 1/M. */
export interface VelocityFieldShape {
  d: number;
  m: number;
  layers: number;
  h: number;
}

/**
 * The parameter-only work of the velocity network's packed field, done once per set of weights and reused by every
 * evaluation of an RK4 loop. Built from a {@link PreparedVelocity} with tfjs ops, so autodiff sees how each input
 * depends on the weights: create it where the preparation lives (inside the function being differentiated, within a
 * tf.tidy), or call {@link VelocityFieldParameters.dispose}.
 */
export class VelocityFieldParameters {
  readonly shape: VelocityFieldShape;
  readonly prepared: PreparedVelocity;
  readonly inputs: VelocityFieldInputs;
  readonly reverse: VelocityFieldReverseHelpers;
  /** W0 = [K0ˣᵀ; 0], (d+3) × m: a0 = Y·W0 + openingBias reads x and skips ℓ, L, R without slicing columns. */
  readonly openingWeightPadded: tf.Tensor2D;
  /**
   * d × (d+3), 1 × (d+3), d × (d+3): v·placeVelocity + div·placeDivergence + v²·placeTransport is
   * [v | div v | ½‖v‖² | 0] (wasm's concat along columns is slower than these tiny matMuls; the copies are exact).
   */
  readonly placeVelocity: tf.Tensor2D;
  readonly placeDivergence: tf.Tensor2D;
  readonly placeTransport: tf.Tensor2D;
  private readonly owned: tf.Tensor[];

  constructor(prepared: PreparedVelocity) {
    const { d, m, step } = prepared;
    const width = d + 3;
    this.shape = { d, m, layers: prepared.residualT.length, h: step };
    this.prepared = prepared;
    const built = tf.tidy(() => {
      const openingWeightPadded = tf.concat([prepared.openingSpaceT, tf.zeros([3, m])], 0) as tf.Tensor2D;
      const identity = tf.reshape(tf.eye(m), [1, m, m]);
      return {
        openingWeightPadded,
        openingWeightPaddedT: tf.transpose(openingWeightPadded) as tf.Tensor2D,
        openingSpaceDiagonals: tf.reshape(tf.mul(tf.reshape(prepared.openingSpaceT, [d, m, 1]), identity), [d * m, m]) as tf.Tensor2D,
      };
    });
    this.openingWeightPadded = built.openingWeightPadded;
    this.inputs = {
      openingWeightPaddedT: built.openingWeightPaddedT,
      openingSpaceT: prepared.openingSpaceT,
      residualWeights: [...prepared.residual],
      residualBiases: prepared.biases.slice(1),
      output: prepared.output,
      outputBias: prepared.outputBias,
    };
    this.reverse = {
      openingSpaceDiagonals: built.openingSpaceDiagonals,
      blockSum: constantMatrix(d * m, m, (row, column) => (row % m === column ? 1 : 0)),
      takeVelocity: constantMatrix(width, d, (row, column) => (row === column ? 1 : 0)),
      takeDivergence: constantMatrix(width, 1, (row) => (row === d ? 1 : 0)),
      takeTransport: constantMatrix(width, 1, (row) => (row === d + 1 ? 1 : 0)),
    };
    this.placeVelocity = constantMatrix(d, width, (row, column) => (row === column ? 1 : 0));
    this.placeDivergence = constantMatrix(1, width, (_, column) => (column === d ? 1 : 0));
    this.placeTransport = constantMatrix(d, width, (_, column) => (column === d + 1 ? 0.5 : 0));
    this.owned = [
      built.openingWeightPadded,
      built.openingWeightPaddedT,
      ...this.reverseList(),
      this.placeVelocity,
      this.placeDivergence,
      this.placeTransport,
    ];
  }

  /** What the forward pass multiplies with. */
  forwardWeights(): VelocityFieldForwardWeights {
    return { ...sweepWeights(this.prepared), openingWeightPadded: this.openingWeightPadded };
  }

  /** The layouts the forward pass needs beyond {@link inputList}, for a gradient that recomputes the forward. */
  forwardLayoutList(): tf.Tensor[] {
    return [this.openingWeightPadded, ...this.prepared.residualT, this.prepared.outputT];
  }

  /** The forward weights from copies of inputList() (at `inputsStart`) and forwardLayoutList() (at `layoutsStart`). */
  forwardWeightsFromLists(list: readonly tf.Tensor[], inputsStart: number, layoutsStart: number): VelocityFieldForwardWeights {
    const { d, m, h, layers } = this.shape;
    const { inputs } = this.fromLists(list, inputsStart);
    const [openingWeightPadded, ...rest] = list.slice(layoutsStart, layoutsStart + layers + 2) as tf.Tensor2D[];
    return {
      d,
      m,
      step: h,
      openingWeightPadded,
      openingSpaceT: inputs.openingSpaceT,
      residualT: rest.slice(0, layers),
      residualBiases: inputs.residualBiases,
      outputT: rest[layers],
      output: inputs.output,
      outputBias: inputs.outputBias,
    };
  }

  /** The opening bias at time t, b0 + t·K0ᵗ: recorded by autodiff, so that its gradient reaches b0 and K0. */
  openingBiasAt(t: number): tf.Tensor1D {
    return openingBiasAt(this.prepared, t);
  }

  /** The custom op's weight inputs, in a fixed order. */
  inputList(): tf.Tensor[] {
    return flattenVelocityFieldInputs(this.inputs);
  }

  /** The reverse pass's helpers, in a fixed order. */
  reverseList(): tf.Tensor[] {
    const { openingSpaceDiagonals, blockSum, takeVelocity, takeDivergence, takeTransport } = this.reverse;
    return [openingSpaceDiagonals, blockSum, takeVelocity, takeDivergence, takeTransport];
  }

  /** Inputs and reverse helpers from copies listed as inputList() then reverseList() (the custom op's saved tensors). */
  fromLists(list: readonly tf.Tensor[], start: number): { inputs: VelocityFieldInputs; reverse: VelocityFieldReverseHelpers } {
    const { layers } = this.shape;
    const take = <T extends tf.Tensor>(count: number) => list.slice(start, (start += count)) as T[];
    const [openingWeightPaddedT, openingSpaceT] = take<tf.Tensor2D>(2);
    const residualWeights = take<tf.Tensor2D>(layers);
    const residualBiases = take<tf.Tensor1D>(layers);
    const [output] = take<tf.Tensor2D>(1);
    const [outputBias] = take<tf.Tensor1D>(1);
    const [openingSpaceDiagonals, blockSum, takeVelocity, takeDivergence, takeTransport] = take<tf.Tensor2D>(5);
    return {
      inputs: { openingWeightPaddedT, openingSpaceT, residualWeights, residualBiases, output, outputBias },
      reverse: { openingSpaceDiagonals, blockSum, takeVelocity, takeDivergence, takeTransport },
    };
  }

  /** Frees the tensors made here (not the preparation's). */
  dispose(): void {
    tf.dispose(this.owned);
  }
}

/** Inputs (or their gradients) as a list, in the order of {@link VelocityFieldParameters.inputList}. */
export function flattenVelocityFieldInputs(inputs: VelocityFieldInputs): tf.Tensor[] {
  const { openingWeightPaddedT, openingSpaceT, residualWeights, residualBiases, output, outputBias } = inputs;
  return [openingWeightPaddedT, openingSpaceT, ...residualWeights, ...residualBiases, output, outputBias];
}
