import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import {
  resolveVelocityConfig,
  velocityParameterCount,
  velocityWeightShapes,
  type VelocityConfig,
  type VelocityConfigInput,
} from './velocity-config';

/** Velocity weights by name, row-major. */
export type VelocityWeightValues = Record<string, Float32Array>;

export interface VelocityNetworkOptions extends VelocityConfigInput {
  /** Seed of the initialization's {@link Random} stream. Default 0. Not allowed together with initial weights. */
  seed?: number | string;
}

/**
 * Initial weights: K0, b0 ~ U(±1/√(d+1)); K1, b1 ~ U(±1/√m), later residual layers copies of layer 1 (as for the
 * potential, SPEC §2); the output layer W, c starts at zero, so the initial flow is the identity.
 */
export function initialVelocityWeights(config: VelocityConfig, random: Random): VelocityWeightValues {
  const { d, m, nTh } = config;
  const uniform = (count: number, bound: number) => Float32Array.from(random.uniformArray(count, -bound, bound));
  const values: VelocityWeightValues = {
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

/** Checks that `weights` names every weight of `config` once with the right number of finite values; copies them. */
export function checkVelocityWeights(
  config: VelocityConfig,
  weights: Record<string, ArrayLike<number>>,
  where = 'weights',
): VelocityWeightValues {
  if (typeof weights !== 'object' || weights === null) {
    throw new Error(`${where} must be an object mapping weight names to arrays, got ${String(weights)}.`);
  }
  const shapes = velocityWeightShapes(config);
  const unexpected = Object.keys(weights).filter((name) => !(name in shapes));
  if (unexpected.length > 0) {
    throw new Error(
      `${where} has unexpected entries ${unexpected.map((name) => `"${name}"`).join(', ')}; a velocity network with ` +
        `nTh = ${config.nTh} has exactly ${Object.keys(shapes).join(', ')}.`,
    );
  }
  const checked: VelocityWeightValues = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const value = weights[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (value === undefined) throw new Error(`${where} is missing "${name}" (shape ${shape.join(' × ')}).`);
    if (typeof value.length !== 'number' || value.length !== size) {
      throw new Error(`${where}.${name} must hold ${size} numbers (shape ${shape.join(' × ')}), got ${String(value.length)}.`);
    }
    const array = Float32Array.from(value);
    const bad = array.findIndex((entry) => !Number.isFinite(entry));
    if (bad >= 0) throw new Error(`${where}.${name}[${bad}] is ${String(value[bad])}: every weight must be finite.`);
    checked[name] = array;
  }
  return checked;
}

/**
 * The analysis' model (SPEC §6): a velocity field v(x, t) = W u_M(s) + c, s = (x, t), with u_M the ResNet of SPEC §2
 * (activation tanh) and weights as tfjs variables in PyTorch's out × in layout. It has no potential: no ∂tΦ and no
 * HJB term. Evaluate it with {@link velocityAndDivergence} or {@link createPackedVelocityDynamics}.
 */
export class VelocityNetwork {
  readonly kind = 'velocity' as const;
  readonly config: VelocityConfig;
  readonly parameterCount: number;
  readonly K: readonly tf.Variable<tf.Rank.R2>[];
  readonly biases: readonly tf.Variable<tf.Rank.R1>[];
  /** Output layer, d × m. */
  readonly W: tf.Variable<tf.Rank.R2>;
  /** Output bias, d. */
  readonly c: tf.Variable<tf.Rank.R1>;

  constructor(options: VelocityNetworkOptions, weights?: Record<string, ArrayLike<number>>) {
    this.config = resolveVelocityConfig(options);
    if (weights !== undefined && options.seed !== undefined) {
      throw new Error('Pass either a seed (to initialize) or initial weights, not both.');
    }
    const values =
      weights === undefined
        ? initialVelocityWeights(this.config, new Random(options.seed ?? 0))
        : checkVelocityWeights(this.config, weights);
    this.parameterCount = velocityParameterCount(this.config);
    const shapes = velocityWeightShapes(this.config);
    const variable = <R extends tf.Rank>(name: string): tf.Variable<R> =>
      tf.tidy(() => tf.variable(tf.tensor<tf.Rank>(values[name], shapes[name], 'float32'))) as tf.Variable<R>;
    const K: tf.Variable<tf.Rank.R2>[] = [];
    const biases: tf.Variable<tf.Rank.R1>[] = [];
    for (let layer = 0; layer < this.config.nTh; layer++) {
      K.push(variable(`K${layer}`));
      biases.push(variable(`b${layer}`));
    }
    this.K = K;
    this.biases = biases;
    this.W = variable('W');
    this.c = variable('c');
  }

  get d(): number {
    return this.config.d;
  }

  /** Every variable by name, in canonical order (K0, b0, …, W, c). */
  variablesByName(): Record<string, tf.Variable> {
    const byName: Record<string, tf.Variable> = {};
    this.K.forEach((K, layer) => {
      byName[`K${layer}`] = K;
      byName[`b${layer}`] = this.biases[layer];
    });
    return Object.assign(byName, { W: this.W, c: this.c });
  }

  /** Every variable is trained. */
  trainableVariables(): tf.Variable[] {
    return Object.values(this.variablesByName());
  }

  /** A copy of every weight's values, row-major, by name. */
  getWeights(): VelocityWeightValues {
    this.checkAlive();
    const values: VelocityWeightValues = {};
    for (const [name, variable] of Object.entries(this.variablesByName())) values[name] = Float32Array.from(variable.dataSync());
    return values;
  }

  /** Replaces every weight; `weights` must name each one exactly once with the right number of finite values. */
  setWeights(weights: Record<string, ArrayLike<number>>): void {
    this.checkAlive();
    const values = checkVelocityWeights(this.config, weights);
    const shapes = velocityWeightShapes(this.config);
    for (const [name, variable] of Object.entries(this.variablesByName())) {
      tf.tidy(() => variable.assign(tf.tensor(values[name], shapes[name], 'float32')));
    }
  }

  /** An independent copy with new variables. */
  clone(): VelocityNetwork {
    return new VelocityNetwork({ ...this.config }, this.getWeights());
  }

  get isDisposed(): boolean {
    return this.W.isDisposed;
  }

  /** Frees the variables; the network is unusable afterwards. */
  dispose(): void {
    for (const variable of Object.values(this.variablesByName())) variable.dispose();
  }

  private checkAlive(): void {
    if (this.isDisposed) throw new Error('This velocity network was disposed; create or load a new one.');
  }
}
