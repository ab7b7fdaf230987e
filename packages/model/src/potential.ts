import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { initialPotentialWeights } from './initialize';
import {
  potentialParameterCount,
  resolvePotentialConfig,
  type PotentialConfig,
  type PotentialConfigInput,
} from './potential-config';
import type { PotentialTensors } from './potential-tensors';
import { potentialWeightShapes, type PotentialWeightValues } from './weight-layout';
import { checkWeightValues, type PotentialWeightInput } from './weight-values';

export interface PotentialOptions extends PotentialConfigInput {
  /** Seed of the initialization's {@link Random} stream. Default 0. Not allowed together with initial weights. */
  seed?: number | string;
}

/** The seed a potential is initialized with when none is given. */
export const DEFAULT_POTENTIAL_SEED = 0;

/**
 * OT-Flow's potential Φ(s) = wᵀN(s) + ½sᵀAᵀAs + bᵀs + c (SPEC §2) with its weights as tfjs variables, in PyTorch's
 * out × in layout. Evaluate it with {@link potentialValue}, {@link gradientAndTrace} or the dynamics factories.
 */
export class Potential implements PotentialTensors {
  readonly config: PotentialConfig;
  /** SPEC §2's count, c included. */
  readonly parameterCount: number;
  readonly K: readonly tf.Variable<tf.Rank.R2>[];
  readonly biases: readonly tf.Variable<tf.Rank.R1>[];
  readonly w: tf.Variable<tf.Rank.R1>;
  readonly A: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
  /** Stored but not trainable: it never changes the flow. */
  readonly c: tf.Variable<tf.Rank.R0>;

  /**
   * A potential initialized as SPEC §2 says from `new Random(seed)`, or holding `weights` (row-major values by name:
   * K0, b0, K1, b1, …, w, A, b, c; see {@link potentialWeightShapes}).
   */
  constructor(options: PotentialOptions, weights?: PotentialWeightInput) {
    this.config = resolvePotentialConfig(options);
    if (weights !== undefined && options.seed !== undefined) {
      throw new Error('Pass either a seed (to initialize) or initial weights, not both.');
    }
    const values =
      weights === undefined
        ? initialPotentialWeights(this.config, new Random(options.seed ?? DEFAULT_POTENTIAL_SEED))
        : checkWeightValues(this.config, weights);
    this.parameterCount = potentialParameterCount(this.config);
    const shapes = potentialWeightShapes(this.config);
    // tf.variable keeps its own reference to the initial tensor's data; the tidy frees the initial tensor.
    const variable = <R extends tf.Rank>(name: string, trainable = true): tf.Variable<R> =>
      tf.tidy(() => tf.variable(tf.tensor<tf.Rank>(values[name], shapes[name], 'float32'), trainable)) as tf.Variable<R>;
    const K: tf.Variable<tf.Rank.R2>[] = [];
    const biases: tf.Variable<tf.Rank.R1>[] = [];
    for (let layer = 0; layer < this.config.nTh; layer++) {
      K.push(variable(`K${layer}`));
      biases.push(variable(`b${layer}`));
    }
    this.K = K;
    this.biases = biases;
    this.w = variable('w');
    this.A = variable('A');
    this.b = variable('b');
    this.c = variable('c', false);
  }

  /** A potential holding the given weights; see the constructor. */
  static fromWeights(config: PotentialConfigInput, weights: PotentialWeightInput): Potential {
    return new Potential({ d: config.d, m: config.m, nTh: config.nTh, r: config.r }, weights);
  }

  /** Every variable by name, in canonical order (K0, b0, …, w, A, b, c). */
  variablesByName(): Record<string, tf.Variable> {
    const byName: Record<string, tf.Variable> = {};
    this.K.forEach((K, layer) => {
      byName[`K${layer}`] = K;
      byName[`b${layer}`] = this.biases[layer];
    });
    return Object.assign(byName, { w: this.w, A: this.A, b: this.b, c: this.c });
  }

  /** The variables an optimizer trains, in canonical order: K0, b0, K1, b1, …, w, A, b (c is left out). */
  trainableVariables(): tf.Variable[] {
    return Object.values(this.variablesByName()).filter((variable) => variable.trainable);
  }

  /** A copy of every weight's values, row-major, by name. */
  getWeights(): PotentialWeightValues {
    this.checkAlive();
    const values: PotentialWeightValues = {};
    for (const [name, variable] of Object.entries(this.variablesByName())) {
      values[name] = Float32Array.from(variable.dataSync());
    }
    return values;
  }

  /** Replaces every weight; `weights` must name each one exactly once with the right number of finite values. */
  setWeights(weights: PotentialWeightInput): void {
    this.checkAlive();
    const values = checkWeightValues(this.config, weights);
    const shapes = potentialWeightShapes(this.config);
    for (const [name, variable] of Object.entries(this.variablesByName())) {
      tf.tidy(() => variable.assign(tf.tensor(values[name], shapes[name], 'float32')));
    }
  }

  /** Copies `from`'s weights into this potential; both must have the same config. */
  assign(from: Potential): void {
    this.checkAlive();
    from.checkAlive();
    const mismatch = (['d', 'm', 'nTh', 'r'] as const).filter((key) => this.config[key] !== from.config[key]);
    if (mismatch.length > 0) {
      throw new Error(
        `Cannot assign a potential with ${JSON.stringify(from.config)} to one with ${JSON.stringify(this.config)}: ` +
          `${mismatch.join(', ')} differ.`,
      );
    }
    const source = from.variablesByName();
    for (const [name, variable] of Object.entries(this.variablesByName())) variable.assign(source[name]);
  }

  /** An independent copy with new variables. */
  clone(): Potential {
    return new Potential({ ...this.config }, this.getWeights());
  }

  get isDisposed(): boolean {
    return this.w.isDisposed;
  }

  /** Frees the variables; the potential is unusable afterwards. */
  dispose(): void {
    for (const variable of Object.values(this.variablesByName())) variable.dispose();
  }

  private checkAlive(): void {
    if (this.isDisposed) throw new Error('This potential was disposed; create or load a new one.');
  }
}
