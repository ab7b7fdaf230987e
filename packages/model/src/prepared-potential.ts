import * as tf from '@tensorflow/tfjs-core';
import { residualStep, type PotentialConfig } from './potential-config';
import type { PotentialTensors } from './potential-tensors';
import { describeWeightShape, formatShape, potentialWeightShapes } from './weight-layout';

/** Marks prepared weights; a registry symbol, so two bundled copies of this package (ESM and CJS) agree. */
const PREPARED_BRAND = Symbol.for('@otflow/model/PreparedPotential');

/**
 * The parameter-only work of Φ, its gradient and trace, done once so that every evaluation (an RK4 loop makes
 * 4·nt of them) only does per-sample work: transposed weights (so the hot path needs no transposed matMul), AᵀA,
 * the row norms of K0ˣ and the constant trace term.
 *
 * Prepare inside the function you differentiate (the prepared tensors are functions of the weights, and
 * autodiff must see them computed), inside a `tf.tidy` or followed by {@link PreparedPotential.dispose}.
 */
export class PreparedPotential {
  readonly config: PotentialConfig;
  /** Residual step h = 1/(nTh − 1). */
  readonly h: number;
  /** K0, m × (d+1): the backward sweep's z0 = (σ′(a0) ⊙ z1)·K0. */
  readonly openingWeight: tf.Tensor2D;
  /** K0ᵀ, (d+1) × m: a0 = s·K0ᵀ + b0. */
  readonly openingWeightT: tf.Tensor2D;
  /** K0ˣᵀ (first d columns of K0, transposed), d × m: a0 = x·K0ˣᵀ + (b0 + t·K0ᵗ). */
  readonly openingSpaceWeightT: tf.Tensor2D;
  /** K0ˣᵀ as 1 × d × m, the broadcast factor of J0 = diag(σ′(a0))·K0ˣ in the (n, d, m) layout. */
  readonly openingSpaceWeightT3: tf.Tensor3D;
  /** K0's time column K0ᵗ, length m. */
  readonly openingTimeWeight: tf.Tensor1D;
  /** b0. */
  readonly openingBias: tf.Tensor1D;
  /** ‖row_k(K0ˣ)‖², m × 1 (numerics §3's t0). */
  readonly openingSpaceRowNormsSquared: tf.Tensor2D;
  /** K_iᵀ for i = 1..M: a_i = u_{i−1}·K_iᵀ + b_i and P_i = J_{i−1}·K_iᵀ. */
  readonly residualWeightsT: readonly tf.Tensor2D[];
  /** h·K_i for i = 1..M: z_i = z_{i+1} + (σ′(a_i) ⊙ z_{i+1})·(h·K_i). */
  readonly residualWeightsScaled: readonly tf.Tensor2D[];
  /** b_i for i = 1..M. */
  readonly residualBiases: readonly tf.Tensor1D[];
  /** w, length m (z_{M+1}). */
  readonly w: tf.Tensor1D;
  /** w as m × 1, for wᵀu_M. */
  readonly wColumn: tf.Tensor2D;
  /** AᵀA, (d+1) × (d+1), symmetric. */
  readonly quadratic: tf.Tensor2D;
  /** The first d rows of AᵀA, d × (d+1): x's part of AᵀA·s. */
  readonly quadraticSpaceRows: tf.Tensor2D;
  /** The last row of AᵀA, length d+1: t's part of AᵀA·s. */
  readonly quadraticTimeRow: tf.Tensor1D;
  /** b, length d+1. */
  readonly b: tf.Tensor1D;
  /** b as (d+1) × 1, for bᵀs. */
  readonly bColumn: tf.Tensor2D;
  /** c. */
  readonly c: tf.Scalar;
  /** tr((AᵀA)_{1:d,1:d}) = Σ_k Σ_{j≤d} A_kj², the trace's constant term. */
  readonly traceConstant: tf.Scalar;

  private readonly owned: tf.Tensor[];
  private readonly [PREPARED_BRAND] = true;

  constructor(weights: PotentialTensors) {
    checkPotentialTensors(weights);
    const { d, m, r } = weights.config;
    const K0 = weights.K[0];
    const residualWeights = weights.K.slice(1);
    this.config = weights.config;
    this.h = residualStep(weights.config);
    const h = this.h;
    // One tidy: intermediates (slices, squares) are freed, the derived tensors returned here are kept.
    const derived = tf.tidy(() => {
      const openingWeightT = tf.transpose(K0);
      const openingSpaceWeightT = tf.slice(openingWeightT, [0, 0], [d, m]);
      const quadratic = tf.matMul(weights.A, weights.A, true, false);
      return {
        openingWeightT,
        openingSpaceWeightT,
        openingSpaceWeightT3: tf.reshape(openingSpaceWeightT, [1, d, m]),
        openingTimeWeight: tf.reshape(tf.slice(openingWeightT, [d, 0], [1, m]), [m]),
        openingSpaceRowNormsSquared: tf.sum(tf.square(tf.slice(K0, [0, 0], [m, d])), 1, true),
        residualWeightsT: residualWeights.map((K) => tf.transpose(K)),
        // h = 1 (nTh = 2) needs no scaling: use K_i itself.
        residualWeightsScaled: residualWeights.map((K) => (h === 1 ? K : tf.mul(K, h))),
        wColumn: tf.reshape(weights.w, [m, 1]),
        quadratic,
        quadraticSpaceRows: tf.slice(quadratic, [0, 0], [d, d + 1]),
        quadraticTimeRow: tf.reshape(tf.slice(quadratic, [d, 0], [1, d + 1]), [d + 1]),
        bColumn: tf.reshape(weights.b, [d + 1, 1]),
        traceConstant: tf.sum(tf.square(tf.slice(weights.A, [0, 0], [r, d]))),
      };
    });
    this.openingWeight = K0;
    this.openingWeightT = derived.openingWeightT as tf.Tensor2D;
    this.openingSpaceWeightT = derived.openingSpaceWeightT as tf.Tensor2D;
    this.openingSpaceWeightT3 = derived.openingSpaceWeightT3 as tf.Tensor3D;
    this.openingTimeWeight = derived.openingTimeWeight as tf.Tensor1D;
    this.openingBias = weights.biases[0];
    this.openingSpaceRowNormsSquared = derived.openingSpaceRowNormsSquared as tf.Tensor2D;
    this.residualWeightsT = derived.residualWeightsT as tf.Tensor2D[];
    this.residualWeightsScaled = derived.residualWeightsScaled as tf.Tensor2D[];
    this.residualBiases = weights.biases.slice(1);
    this.w = weights.w;
    this.wColumn = derived.wColumn as tf.Tensor2D;
    this.quadratic = derived.quadratic as tf.Tensor2D;
    this.quadraticSpaceRows = derived.quadraticSpaceRows as tf.Tensor2D;
    this.quadraticTimeRow = derived.quadraticTimeRow as tf.Tensor1D;
    this.b = weights.b;
    this.bColumn = derived.bColumn as tf.Tensor2D;
    this.c = weights.c;
    this.traceConstant = derived.traceConstant as tf.Scalar;
    const source = new Set(weights.K);
    this.owned = [
      this.openingWeightT,
      this.openingSpaceWeightT,
      this.openingSpaceWeightT3,
      this.openingTimeWeight,
      this.openingSpaceRowNormsSquared,
      ...this.residualWeightsT,
      ...this.residualWeightsScaled.filter((K) => !source.has(K)),
      this.wColumn,
      this.quadratic,
      this.quadraticSpaceRows,
      this.quadraticTimeRow,
      this.bColumn,
      this.traceConstant,
    ];
  }

  /** Frees the tensors this preparation computed; the weights it was prepared from stay. */
  dispose(): void {
    tf.dispose(this.owned);
  }
}

/** Checks that the tensors have the shapes their config gives (numerics §2). */
function checkPotentialTensors(weights: PotentialTensors): void {
  const { config } = weights;
  if (weights.K.length !== config.nTh || weights.biases.length !== config.nTh) {
    throw new Error(
      `A potential with nTh = ${config.nTh} needs ${config.nTh} weight matrices K and biases, ` +
        `got ${weights.K.length} and ${weights.biases.length}.`,
    );
  }
  const shapes = potentialWeightShapes(config);
  const given: Record<string, tf.Tensor> = { w: weights.w, A: weights.A, b: weights.b, c: weights.c };
  weights.K.forEach((K, layer) => {
    given[`K${layer}`] = K;
    given[`b${layer}`] = weights.biases[layer];
  });
  for (const [name, expected] of Object.entries(shapes)) {
    const tensor = given[name];
    if (tensor.shape.length !== expected.length || tensor.shape.some((extent, axis) => extent !== expected[axis])) {
      throw new Error(
        `Weight ${name} has shape ${formatShape(tensor.shape)}, expected ${formatShape(expected)} ` +
          `(${describeWeightShape(name)} for ${JSON.stringify(config)}).`,
      );
    }
  }
}

/** Whether `value` is a {@link PreparedPotential} (from any copy of this package). */
export function isPreparedPotential(value: unknown): value is PreparedPotential {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PREPARED_BRAND] === true;
}

/** Prepares weights for repeated evaluation; see {@link PreparedPotential}. */
export function preparePotential(weights: PotentialTensors): PreparedPotential {
  return new PreparedPotential(weights);
}
