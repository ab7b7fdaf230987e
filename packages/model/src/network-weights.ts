import * as tf from '@tensorflow/tfjs-core';
import { formatShape, shapeSize } from './weight-layout';

/** Weight values as a caller may give them: any flat numeric array per name, row-major. */
export type WeightInput = Record<string, ArrayLike<number>>;

/** Weight values by name, each flattened row-major. */
export type WeightValues = Record<string, Float32Array>;

/**
 * Checks that `values` holds exactly the weights named in `shapes`, each with the right number of finite entries,
 * and copies them to Float32Arrays. `where` names the source and `owner` the model ("a potential with nTh = 2") in
 * error messages.
 */
export function checkNamedWeights(
  shapes: Record<string, number[]>,
  values: WeightInput,
  where: string,
  owner: string,
): WeightValues {
  if (typeof values !== 'object' || values === null) {
    throw new Error(`${where} must be an object mapping weight names to arrays, got ${String(values)}.`);
  }
  const unexpected = Object.keys(values).filter((name) => !(name in shapes));
  if (unexpected.length > 0) {
    throw new Error(
      `${where} has unexpected entries ${unexpected.map((name) => `"${name}"`).join(', ')}; ${owner} has exactly ` +
        `${Object.keys(shapes).join(', ')}.`,
    );
  }
  const checked: WeightValues = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const value = values[name];
    if (value === undefined) throw new Error(`${where} is missing "${name}" (shape ${formatShape(shape)}).`);
    const size = shapeSize(shape);
    if (typeof value !== 'object' || value === null || typeof value.length !== 'number' || value.length !== size) {
      const length = typeof value === 'object' && value !== null ? value.length : typeof value;
      throw new Error(`${where}.${name} must hold ${size} numbers (shape ${formatShape(shape)}), got ${length}.`);
    }
    const array = Float32Array.from(value);
    const bad = array.findIndex((entry) => !Number.isFinite(entry));
    if (bad >= 0) throw new Error(`${where}.${name}[${bad}] is ${String(value[bad])}: every weight must be finite.`);
    checked[name] = array;
  }
  return checked;
}

/**
 * The weights of a network as named tfjs variables, in canonical order, with what every model offers: the trainable
 * variables, copies of the values, replacing them, disposing. {@link Potential} and {@link VelocityNetwork} build on it.
 */
export abstract class NetworkWeights {
  private readonly variables: Readonly<Record<string, tf.Variable>>;
  private readonly shapes: Readonly<Record<string, number[]>>;
  /** "potential" or "velocity network", for error messages. */
  private readonly modelName: string;

  /** Makes one variable per entry of `shapes` from `values` (already checked); names in `frozen` are not trained. */
  protected constructor(modelName: string, shapes: Record<string, number[]>, values: WeightValues, frozen: readonly string[] = []) {
    this.modelName = modelName;
    this.shapes = shapes;
    const variables: Record<string, tf.Variable> = {};
    for (const [name, shape] of Object.entries(shapes)) {
      // tf.variable keeps its own reference to the initial tensor's data; the tidy frees the initial tensor.
      variables[name] = tf.tidy(() => tf.variable(tf.tensor(values[name], shape, 'float32'), !frozen.includes(name)));
    }
    this.variables = variables;
  }

  /** Checks weights given for this network's config; see {@link checkNamedWeights}. */
  protected abstract checkWeights(weights: WeightInput): WeightValues;

  /** The variable called `name`, typed by rank. */
  protected variable<R extends tf.Rank>(name: string): tf.Variable<R> {
    return this.variables[name] as tf.Variable<R>;
  }

  /** The ResNet's weights K_0 … K_{nTh−1} and biases b_0 … b_{nTh−1} (numerics §2's N, which both models build on). */
  protected resnetLayers(nTh: number): { K: tf.Variable<tf.Rank.R2>[]; biases: tf.Variable<tf.Rank.R1>[] } {
    const layers = Array.from({ length: nTh }, (_, layer) => layer);
    return {
      K: layers.map((layer) => this.variable<tf.Rank.R2>(`K${layer}`)),
      biases: layers.map((layer) => this.variable<tf.Rank.R1>(`b${layer}`)),
    };
  }

  /** Every variable by name, in canonical order. */
  variablesByName(): Record<string, tf.Variable> {
    this.checkAlive();
    return { ...this.variables };
  }

  /** The variables an optimizer trains, in canonical order. */
  trainableVariables(): tf.Variable[] {
    this.checkAlive();
    return Object.values(this.variables).filter((variable) => variable.trainable);
  }

  /** A copy of every weight's values, row-major, by name. */
  getWeights(): WeightValues {
    this.checkAlive();
    const values: WeightValues = {};
    for (const [name, variable] of Object.entries(this.variables)) values[name] = Float32Array.from(variable.dataSync());
    return values;
  }

  /** Replaces every weight; `weights` must name each one exactly once with the right number of finite values. */
  setWeights(weights: WeightInput): void {
    this.checkAlive();
    const values = this.checkWeights(weights);
    for (const [name, variable] of Object.entries(this.variables)) {
      tf.tidy(() => variable.assign(tf.tensor(values[name], this.shapes[name], 'float32')));
    }
  }

  get isDisposed(): boolean {
    return Object.values(this.variables)[0].isDisposed;
  }

  /** Frees the variables; the model is unusable afterwards. */
  dispose(): void {
    for (const variable of Object.values(this.variables)) variable.dispose();
  }

  protected checkAlive(): void {
    if (this.isDisposed) throw new Error(`This ${this.modelName} was disposed; create or load a new one.`);
  }
}
