import * as tf from '@tensorflow/tfjs-core';
import type { PreparedPotential } from './prepared-potential';

/**
 * The weights in the layouts the fast augmented field multiplies with; the field's hand-derived gradient returns one
 * gradient per entry, in the same layout, and autodiff carries it back through the preparation to the weights.
 * The packed state is Y = [x | ℓ | L | R], n × (d+3).
 */
export type FieldInputs = {
  /** W0ᵀ with W0 = [K0ˣᵀ; 0] ((d+3) × m): a0 = Y·W0 + (b0 + t·K0ᵗ). Its gradient ā0ᵀ·Y needs no repacking. */
  openingWeightPaddedT: tf.Tensor2D;
  /** K_i (m × m), i = 1..M: ū_{i−1} = ā_i·K_i; its gradient sums ā_iᵀ u_{i−1} + h y_iᵀ z̄_i (+ P̄_iᵀ J_{i−1}). */
  residualWeights: tf.Tensor2D[];
  /** b_i, i = 1..M. */
  residualBiases: tf.Tensor1D[];
  /** w = z_{M+1}. */
  w: tf.Tensor1D;
  /** K0, m × (d+1): ∇_sΦ = z0 + … with z0 = y0·K0, y0 = σ′(a0) ⊙ z1. */
  openingWeight: tf.Tensor2D;
  /** [(AᵀA)_{x,·}; 0], (d+3) × (d+1): x's part of AᵀA·s is Y·this. */
  quadraticPadded: tf.Tensor2D;
  /** m × (d+3), zero but for column ℓ = −‖row_k(K0ˣ)‖²/α_L: places −t0/α_L (numerics §3) in ℓ′. */
  openingTraceWeights: tf.Tensor2D;
  /** Length d+3, zero but for entry ℓ = −tr((AᵀA)_{x,x})/α_L: the trace's constant term in ℓ′. */
  traceConstantRow: tf.Tensor1D;
  /**
   * K1ᵀ as it enters the trace factors B_j = diag(K0ˣ[:, j])·K1ᵀ (see traceFactors). The factors themselves (d·m²
   * numbers) are not inputs: tfjs keeps every per-evaluation gradient until the backward pass ends, so the field
   * returns the m² + d·m numbers of this and openingSpaceWeightT instead.
   */
  traceWeightsT: tf.Tensor2D;
  /** K0ˣᵀ (d × m) as it enters the trace factors and, when M ≥ 2, J0[:, j] = σ′(a0) ⊙ K0ˣ[:, j]. */
  openingSpaceWeightT: tf.Tensor2D;
};

/** Layouts and constants only the reverse pass (or the forward's bookkeeping) needs; no gradient flows to them. */
export type FieldHelpers = {
  /** W0 = [K0ˣᵀ; 0], (d+3) × m. */
  openingWeightPadded: tf.Tensor2D;
  /** K0ᵀ, (d+1) × m: ȳ0 = ḡ·K0ᵀ. */
  openingWeightT: tf.Tensor2D;
  quadraticPaddedT: tf.Tensor2D;
  openingTraceWeightsT: tf.Tensor2D;
  /** K_iᵀ: a_i = u_{i−1}·K_iᵀ + b_i and P_i = J_{i−1}·K_iᵀ. */
  residualWeightsT: tf.Tensor2D[];
  /** h·K_i: z_i = z_{i+1} + y_i·(h K_i). */
  residualWeightsScaled: tf.Tensor2D[];
  /** h·K_iᵀ: ȳ_i = z̄_i·(h K_i)ᵀ. */
  residualWeightsScaledT: tf.Tensor2D[];
  /** B_j = diag(K0ˣ[:, j])·K1ᵀ (m × m), j = 1..d: P_1 = K1·J0 has columns P_1[:, j] = σ′(a0)·B_j per sample. */
  traceFactors: tf.Tensor2D[];
  /** B_jᵀ: s̄0 += P̄_1[:, j]·B_jᵀ. */
  traceFactorsT: tf.Tensor2D[];
  /** K0ˣ[:, j] as m × 1 columns: K̄1ᵀ += Σ_j K0ˣ[:, j] ⊙ B̄_j (row-wise). */
  openingSpaceColumns: tf.Tensor2D[];
  /** K0ˣ[:, j]ᵀ as length-m rows, for J0[:, j] = σ′(a0) ⊙ K0ˣ[:, j] (M ≥ 2 only, else empty). */
  openingSpaceRows: tf.Tensor1D[];
  /** (d+1) × (d+3): g·this = [−∇_xΦ/α_L, 0, 0, 0]. */
  placeVelocity: tf.Tensor2D;
  placeVelocityT: tf.Tensor2D;
  /** (d+1) × (d+3): g²·this puts ‖∇_xΦ‖²/(2α_L²) = ½‖x′‖² in column L. */
  placeTransport: tf.Tensor2D;
  /** 2·placeTransportᵀ. */
  placeTransportT2: tf.Tensor2D;
  /** (d+1) × 1 selecting ∂_tΦ. */
  timeColumn: tf.Tensor2D;
  timeColumnT: tf.Tensor2D;
  /** (d+1) × 1 with −1/(2α_L) on the x entries: g²·this = −‖∇_xΦ‖²/(2α_L). */
  hjbNormColumn: tf.Tensor2D;
  /** 2·hjbNormColumnᵀ. */
  hjbNormColumnT2: tf.Tensor2D;
  /** 1 × (d+3) putting |∂_tΦ − ‖∇_xΦ‖²/(2α_L)| in column R. */
  placeHjb: tf.Tensor2D;
  placeHjbT: tf.Tensor2D;
  /** m × (d+3), column ℓ = −h/α_L: Σ_i Σ_k (c_i ⊙ Σ_j P_i²)_k times it is −h Σ t_i/α_L in ℓ′. */
  placeTrace: tf.Tensor2D;
  placeTraceT: tf.Tensor2D;
};

export interface FieldShape {
  d: number;
  m: number;
  /** M = nTh − 1 residual layers. */
  layers: number;
  /** h = 1/M. */
  h: number;
  alphaL: number;
}

function flattenGroups<T>(groups: T, keys: readonly (keyof T)[]): tf.Tensor[] {
  return keys.flatMap((key) => {
    const value = groups[key] as tf.Tensor | tf.Tensor[];
    return Array.isArray(value) ? value : [value];
  });
}

function rebuildGroups<T>(template: T, keys: readonly (keyof T)[], list: readonly tf.Tensor[], start: number): [T, number] {
  const rebuilt = {} as Record<keyof T, tf.Tensor | tf.Tensor[]>;
  let next = start;
  for (const key of keys) {
    const value = template[key] as tf.Tensor | tf.Tensor[];
    if (Array.isArray(value)) {
      rebuilt[key] = list.slice(next, next + value.length);
      next += value.length;
    } else {
      rebuilt[key] = list[next++];
    }
  }
  return [rebuilt as unknown as T, next];
}

const INPUT_KEYS: readonly (keyof FieldInputs)[] = [
  'openingWeightPaddedT',
  'residualWeights',
  'residualBiases',
  'w',
  'openingWeight',
  'quadraticPadded',
  'openingTraceWeights',
  'traceConstantRow',
  'traceWeightsT',
  'openingSpaceWeightT',
];

const HELPER_KEYS: readonly (keyof FieldHelpers)[] = [
  'openingWeightPadded',
  'openingWeightT',
  'quadraticPaddedT',
  'openingTraceWeightsT',
  'residualWeightsT',
  'residualWeightsScaled',
  'residualWeightsScaledT',
  'traceFactors',
  'traceFactorsT',
  'openingSpaceColumns',
  'openingSpaceRows',
  'placeVelocity',
  'placeVelocityT',
  'placeTransport',
  'placeTransportT2',
  'timeColumn',
  'timeColumnT',
  'hjbNormColumn',
  'hjbNormColumnT2',
  'placeHjb',
  'placeHjbT',
  'placeTrace',
  'placeTraceT',
];

/** Field inputs (or their gradients) as a list, in the order of {@link FieldParameters.inputList}. */
export function flattenFieldInputs(inputs: FieldInputs): tf.Tensor[] {
  return flattenGroups(inputs, INPUT_KEYS);
}

/** tf.unstack along the first axis; tfjs's unstack gradient fails when there is a single slice, so that is a reshape. */
function unstackFirst(stacked: tf.Tensor): tf.Tensor[] {
  return stacked.shape[0] === 1 ? [tf.reshape(stacked, stacked.shape.slice(1))] : tf.unstack(stacked);
}

function constant(values: number[][]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, values[0].length], 'float32');
}

function matrix(rows: number, columns: number, entry: (row: number, column: number) => number): number[][] {
  return Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => entry(row, column)));
}

/**
 * The parameter-only work of the fast augmented field (numerics §3–4 on the packed state), done once per set of weights:
 * every evaluation of an RK4 loop reuses it. Built from a {@link PreparedPotential} with tfjs ops, so autodiff sees
 * how each entry depends on the weights. Create it where the preparation lives (inside the function being
 * differentiated, within a tf.tidy), or call {@link FieldParameters.dispose}.
 */
export class FieldParameters {
  readonly shape: FieldShape;
  readonly inputs: FieldInputs;
  readonly helpers: FieldHelpers;
  /** b0 and K0ᵗ, for the per-time bias b0 + t·K0ᵗ. */
  readonly openingBias: tf.Tensor1D;
  readonly openingTimeWeight: tf.Tensor1D;
  /** b and (AᵀA)_{t,·}, for the per-time gradient bias b + t·(AᵀA)_{t,·}. */
  readonly gradientBias: tf.Tensor1D;
  readonly quadraticTimeRow: tf.Tensor1D;
  private readonly owned: tf.Tensor[];

  constructor(prepared: PreparedPotential, alphaL: number) {
    const { d, m, nTh } = prepared.config;
    const layers = nTh - 1;
    const h = prepared.h;
    this.shape = { d, m, layers, h, alphaL };
    const width = d + 3;
    const logDetColumn = d;
    const transportColumn = d + 1;
    const hjbColumn = d + 2;
    const source = new Set<tf.Tensor>([
      prepared.openingWeight,
      prepared.openingWeightT,
      prepared.openingSpaceWeightT,
      ...prepared.residualWeightsT,
      ...prepared.residualWeightsScaled,
      ...prepared.residualBiases,
      prepared.w,
    ]);
    const built = tf.tidy(() => {
      const openingSpaceWeightT = prepared.openingSpaceWeightT;
      const openingWeightPadded = tf.concat([openingSpaceWeightT, tf.zeros([3, m])], 0) as tf.Tensor2D;
      const quadraticPadded = tf.concat([prepared.quadraticSpaceRows, tf.zeros([3, d + 1])], 0) as tf.Tensor2D;
      const logDetRow = tf.tensor2d(matrix(1, width, (_, column) => (column === logDetColumn ? -1 / alphaL : 0)));
      const openingTraceWeights = tf.matMul(prepared.openingSpaceRowNormsSquared, logDetRow) as tf.Tensor2D;
      const residualWeights = prepared.residualWeightsT.map((KT, i) =>
        h === 1 ? prepared.residualWeightsScaled[i] : (tf.transpose(KT) as tf.Tensor2D),
      );
      // B_j[l, k] = K0ˣ[l, j]·K1[k, l]: scale row l of K1ᵀ by K0ˣ[l, j]; B_jᵀ scales column l of K1 the same way.
      const spaceColumns = tf.reshape(openingSpaceWeightT, [d, m, 1]);
      const spaceRows = tf.reshape(openingSpaceWeightT, [d, 1, m]);
      const traceFactors = unstackFirst(tf.mul(spaceColumns, tf.reshape(prepared.residualWeightsT[0], [1, m, m]))) as tf.Tensor2D[];
      const traceFactorsT = unstackFirst(tf.mul(spaceRows, tf.reshape(residualWeights[0], [1, m, m]))) as tf.Tensor2D[];
      const inputs: FieldInputs = {
        openingWeightPaddedT: tf.transpose(openingWeightPadded) as tf.Tensor2D,
        residualWeights,
        residualBiases: [...prepared.residualBiases],
        w: prepared.w,
        openingWeight: prepared.openingWeight,
        quadraticPadded,
        openingTraceWeights,
        traceConstantRow: tf.mul(prepared.traceConstant, tf.reshape(logDetRow, [width])) as tf.Tensor1D,
        traceWeightsT: prepared.residualWeightsT[0],
        openingSpaceWeightT,
      };
      const velocity = matrix(d + 1, width, (row, column) => (row < d && row === column ? -1 / alphaL : 0));
      const transport = matrix(d + 1, width, (row, column) => (row < d && column === transportColumn ? 1 / (2 * alphaL * alphaL) : 0));
      const hjbNorm = matrix(d + 1, 1, (row) => (row < d ? -1 / (2 * alphaL) : 0));
      const time = matrix(d + 1, 1, (row) => (row === d ? 1 : 0));
      const hjb = matrix(1, width, (_, column) => (column === hjbColumn ? 1 : 0));
      const trace = matrix(m, width, (_, column) => (column === logDetColumn ? -h / alphaL : 0));
      const transpose = (values: number[][], scale = 1) => matrix(values[0].length, values.length, (row, column) => scale * values[column][row]);
      const helpers: FieldHelpers = {
        openingWeightPadded,
        openingWeightT: prepared.openingWeightT,
        quadraticPaddedT: tf.transpose(quadraticPadded) as tf.Tensor2D,
        openingTraceWeightsT: tf.transpose(openingTraceWeights) as tf.Tensor2D,
        residualWeightsT: [...prepared.residualWeightsT],
        residualWeightsScaled: [...prepared.residualWeightsScaled],
        residualWeightsScaledT: prepared.residualWeightsT.map((KT) => (h === 1 ? KT : (tf.mul(KT, h) as tf.Tensor2D))),
        traceFactors,
        traceFactorsT,
        openingSpaceColumns: unstackFirst(spaceColumns) as tf.Tensor2D[],
        openingSpaceRows: layers >= 2 ? (unstackFirst(openingSpaceWeightT) as tf.Tensor1D[]) : [],
        placeVelocity: constant(velocity),
        placeVelocityT: constant(transpose(velocity)),
        placeTransport: constant(transport),
        placeTransportT2: constant(transpose(transport, 2)),
        timeColumn: constant(time),
        timeColumnT: constant(transpose(time)),
        hjbNormColumn: constant(hjbNorm),
        hjbNormColumnT2: constant(transpose(hjbNorm, 2)),
        placeHjb: constant(hjb),
        placeHjbT: constant(transpose(hjb)),
        placeTrace: constant(trace),
        placeTraceT: constant(transpose(trace)),
      };
      return { inputs, helpers };
    });
    this.inputs = built.inputs as FieldInputs;
    this.helpers = built.helpers as FieldHelpers;
    this.openingBias = prepared.openingBias;
    this.openingTimeWeight = prepared.openingTimeWeight;
    this.gradientBias = prepared.b;
    this.quadraticTimeRow = prepared.quadraticTimeRow;
    // Free only what was made here; the preparation's tensors belong to it.
    const made = new Set([...this.inputList(), ...this.helperList()].filter((tensor) => !source.has(tensor)));
    this.owned = [...made];
  }

  /** The custom op's weight inputs, in a fixed order. */
  inputList(): tf.Tensor[] {
    return flattenFieldInputs(this.inputs);
  }

  helperList(): tf.Tensor[] {
    return flattenGroups(this.helpers, HELPER_KEYS);
  }

  /** Rebuilds inputs and helpers from copies listed as inputList() then helperList() (the custom op's saved tensors). */
  fromLists(list: readonly tf.Tensor[], start: number): { inputs: FieldInputs; helpers: FieldHelpers } {
    const [inputs, afterInputs] = rebuildGroups(this.inputs, INPUT_KEYS, list, start);
    const [helpers] = rebuildGroups(this.helpers, HELPER_KEYS, list, afterInputs);
    return { inputs, helpers };
  }

  /** Frees the tensors made here (not the preparation's). */
  dispose(): void {
    tf.dispose(this.owned);
  }
}
