import type * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { initialPotentialWeights } from './initialize';
import { checkNamedWeights, NetworkWeights, type WeightInput, type WeightValues } from './network-weights';
import {
  potentialParameterCount,
  resolvePotentialConfig,
  type PotentialConfig,
  type PotentialConfigInput,
} from './potential-config';
import type { PotentialTensors } from './potential-tensors';
import { potentialWeightShapes } from './weight-layout';

export interface PotentialOptions extends PotentialConfigInput {
  /** Seed of the initialization's {@link Random} stream. Default 0. Not allowed together with initial weights. */
  seed?: number | string;
}

/** The seed a potential is initialized with when none is given. */
export const DEFAULT_POTENTIAL_SEED = 0;

/** Checks weights for a potential of `config`; `where` names their source in error messages. */
export function checkPotentialWeights(config: PotentialConfig, weights: WeightInput, where = 'weights'): WeightValues {
  return checkNamedWeights(potentialWeightShapes(config), weights, where, `a potential with nTh = ${config.nTh}`);
}

/**
 * OT-Flow's potential Φ(s) = wᵀN(s) + ½sᵀAᵀAs + bᵀs + c (numerics §2) with its weights as tfjs variables, in PyTorch's
 * out × in layout. Evaluate it with {@link potentialValue}, {@link gradientAndTrace} or the dynamics factories.
 */
export class Potential extends NetworkWeights implements PotentialTensors {
  readonly kind = 'potential' as const;
  readonly config: PotentialConfig;
  /** numerics §2's count, c included. */
  readonly parameterCount: number;
  readonly K: readonly tf.Variable<tf.Rank.R2>[];
  readonly biases: readonly tf.Variable<tf.Rank.R1>[];
  readonly w: tf.Variable<tf.Rank.R1>;
  readonly A: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
  /** Stored but not trainable: it never changes the flow. */
  readonly c: tf.Variable<tf.Rank.R0>;

  /**
   * A potential initialized as numerics §2 says from `new Random(seed)`, or holding `weights` (row-major values by name:
   * K0, b0, K1, b1, …, w, A, b, c; see {@link potentialWeightShapes}).
   */
  constructor(options: PotentialOptions, weights?: WeightInput) {
    const config = resolvePotentialConfig(options);
    if (weights !== undefined && options.seed !== undefined) {
      throw new Error('Pass either a seed (to initialize) or initial weights, not both.');
    }
    const values =
      weights === undefined
        ? initialPotentialWeights(config, new Random(options.seed ?? DEFAULT_POTENTIAL_SEED))
        : checkPotentialWeights(config, weights);
    super('potential', potentialWeightShapes(config), values, ['c']);
    this.config = config;
    this.parameterCount = potentialParameterCount(config);
    ({ K: this.K, biases: this.biases } = this.resnetLayers(config.nTh));
    this.w = this.variable('w');
    this.A = this.variable('A');
    this.b = this.variable('b');
    this.c = this.variable('c');
  }

  /** Dimension of the data. */
  get d(): number {
    return this.config.d;
  }

  /** A potential holding the given weights; see the constructor. */
  static fromWeights(config: PotentialConfigInput, weights: WeightInput): Potential {
    return new Potential({ d: config.d, m: config.m, nTh: config.nTh, r: config.r }, weights);
  }

  protected checkWeights(weights: WeightInput): WeightValues {
    return checkPotentialWeights(this.config, weights);
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

  /** An independent copy with new variables, holding `weights` if given (checked), else this potential's. */
  clone(weights?: WeightInput): Potential {
    return new Potential({ ...this.config }, weights ?? this.getWeights());
  }
}
