import type * as tf from '@tensorflow/tfjs-core';
import { checkNamedWeights, NetworkWeights, type WeightInput, type WeightValues } from './network-weights';
import { Random } from '@otflow/random';
import {
  resolveVelocityConfig,
  velocityParameterCount,
  velocityWeightShapes,
  type VelocityConfig,
  type VelocityConfigInput,
} from './velocity-config';

export interface VelocityNetworkOptions extends VelocityConfigInput {
  /** Seed of the initialization's {@link Random} stream. Default 0. Not allowed together with initial weights. */
  seed?: number | string;
}

/**
 * Initial weights: K0, b0 ~ U(±1/√(d+1)); K1, b1 ~ U(±1/√m), later residual layers copies of layer 1 (as for the
 * potential, numerics §2); the output layer W, c starts at zero, so the initial flow is the identity.
 */
export function initialVelocityWeights(config: VelocityConfig, random: Random): WeightValues {
  const { d, m, nTh } = config;
  const uniform = (count: number, bound: number) => Float32Array.from(random.uniformArray(count, -bound, bound));
  const values: WeightValues = {
    K0: uniform(m * (d + 1), 1 / Math.sqrt(d + 1)),
    b0: uniform(m, 1 / Math.sqrt(d + 1)),
  };
  const K1 = uniform(m * m, 1 / Math.sqrt(m));
  const b1 = uniform(m, 1 / Math.sqrt(m));
  for (let layer = 1; layer < nTh; layer++) {
    values[`K${layer}`] = K1.slice();
    values[`b${layer}`] = b1.slice();
  }
  values.W = new Float32Array(d * m);
  values.c = new Float32Array(d);
  return values;
}

/** Checks weights for a velocity network of `config`; `where` names their source in error messages. */
export function checkVelocityWeights(config: VelocityConfig, weights: WeightInput, where = 'weights'): WeightValues {
  return checkNamedWeights(velocityWeightShapes(config), weights, where, `a velocity network with nTh = ${config.nTh}`);
}

/**
 * The analysis' model (numerics §6): a velocity field v(x, t) = W u_M(s) + c, s = (x, t), with u_M the ResNet of numerics §2
 * (activation tanh) and weights as tfjs variables in PyTorch's out × in layout. It has no potential: no ∂tΦ and no
 * HJB term. Evaluate it with {@link velocityAndDivergence} or {@link createPackedVelocityDynamics}.
 */
export class VelocityNetwork extends NetworkWeights {
  readonly kind = 'velocity' as const;
  readonly config: VelocityConfig;
  readonly parameterCount: number;
  readonly K: readonly tf.Variable<tf.Rank.R2>[];
  readonly biases: readonly tf.Variable<tf.Rank.R1>[];
  /** Output layer, d × m. */
  readonly W: tf.Variable<tf.Rank.R2>;
  /** Output bias, d. */
  readonly c: tf.Variable<tf.Rank.R1>;

  /** A network initialized from `new Random(seed)` (see {@link initialVelocityWeights}), or holding `weights`. */
  constructor(options: VelocityNetworkOptions, weights?: WeightInput) {
    const config = resolveVelocityConfig(options);
    if (weights !== undefined && options.seed !== undefined) {
      throw new Error('Pass either a seed (to initialize) or initial weights, not both.');
    }
    const values =
      weights === undefined ? initialVelocityWeights(config, new Random(options.seed ?? 0)) : checkVelocityWeights(config, weights);
    super('velocity network', velocityWeightShapes(config), values);
    this.config = config;
    this.parameterCount = velocityParameterCount(config);
    ({ K: this.K, biases: this.biases } = this.resnetLayers(config.nTh));
    this.W = this.variable('W');
    this.c = this.variable('c');
  }

  /** A network holding the given weights; see the constructor. */
  static fromWeights(config: VelocityConfigInput, weights: WeightInput): VelocityNetwork {
    return new VelocityNetwork({ d: config.d, m: config.m, nTh: config.nTh }, weights);
  }

  /** Dimension of the data. */
  get d(): number {
    return this.config.d;
  }

  protected checkWeights(weights: WeightInput): WeightValues {
    return checkVelocityWeights(this.config, weights);
  }

  /** An independent copy with new variables, holding `weights` if given (checked), else this network's. */
  clone(weights?: WeightInput): VelocityNetwork {
    return new VelocityNetwork({ ...this.config }, weights ?? this.getWeights());
  }
}
