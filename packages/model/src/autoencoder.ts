import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import {
  autoencoderParameterCount,
  autoencoderWeightShapes,
  resolveAutoencoderConfig,
  type AutoencoderConfig,
  type AutoencoderConfigInput,
} from './autoencoder-config';
import { checkNamedWeights, NetworkWeights, type WeightInput, type WeightValues } from './network-weights';

export interface AutoencoderOptions extends AutoencoderConfigInput {
  /** Seed of the initialization's {@link Random} stream. Default 0. Not allowed together with initial weights. */
  seed?: number | string;
}

/** An autoencoder's config and weights as plain data (what a model file holds), without tensors. */
export interface AutoencoderData {
  config: AutoencoderConfig;
  weights: WeightValues;
}

/** Checks weights for an autoencoder of `config`; `where` names their source in error messages. */
export function checkAutoencoderWeights(config: AutoencoderConfig, weights: WeightInput, where = 'weights'): WeightValues {
  const layers = config.hidden.length + 1;
  return checkNamedWeights(autoencoderWeightShapes(config), weights, where, `an autoencoder with ${layers} layer${layers > 1 ? 's' : ''} each way`);
}

/** PyTorch's nn.Linear initialization, as the reference's autoencoder starts: weight and bias ~ U(±1/√in). */
function initialAutoencoderWeights(config: AutoencoderConfig, random: Random): WeightValues {
  const values: WeightValues = {};
  let bound = 0;
  for (const [name, shape] of Object.entries(autoencoderWeightShapes(config))) {
    // A layer's weight (out × in) comes before its bias; both use the layer's fan-in.
    if (shape.length === 2) bound = 1 / Math.sqrt(shape[1]);
    values[name] = Float32Array.from(random.uniformArray(shape.reduce((a, b) => a * b, 1), -bound, bound));
  }
  return values;
}

/** x·Wᵀ + b as a plain matMul: wasm's transposed matMul is many times slower than a transpose and a plain one. */
function dense(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, tf.transpose(weight)), bias);
}

/**
 * A dense autoencoder (see {@link AutoencoderConfig}) with its weights as tfjs variables. `encode` maps rows of
 * inputSize values to latent codes and `decode` maps codes back to values in (0, 1); both are differentiable with
 * respect to the weights. Which pixel units the input and output are in is the model file's image spec, not this
 * network's.
 */
export class Autoencoder extends NetworkWeights {
  readonly kind = 'autoencoder' as const;
  readonly config: AutoencoderConfig;
  readonly parameterCount: number;
  private readonly layers: number;

  /** An autoencoder initialized from `new Random(seed)` as PyTorch initializes Linear layers, or holding `weights`. */
  constructor(options: AutoencoderOptions = {}, weights?: WeightInput) {
    const { seed, ...configInput } = options;
    const config = resolveAutoencoderConfig(configInput);
    if (weights !== undefined && seed !== undefined) throw new Error('Pass either a seed (to initialize) or initial weights, not both.');
    const values = weights === undefined ? initialAutoencoderWeights(config, new Random(seed ?? 0)) : checkAutoencoderWeights(config, weights);
    super('autoencoder', autoencoderWeightShapes(config), values);
    this.config = config;
    this.parameterCount = autoencoderParameterCount(config);
    this.layers = config.hidden.length + 1;
  }

  /** An autoencoder holding the given weights. */
  static fromWeights(config: AutoencoderConfigInput, weights: WeightInput): Autoencoder {
    return new Autoencoder({ ...config }, weights);
  }

  /** Its config and a copy of its weights as plain data. */
  toData(): AutoencoderData {
    return { config: this.config, weights: this.getWeights() };
  }

  /** Latent codes (n × latentSize) of the rows of `x` (n × inputSize). */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    this.checkAlive();
    this.checkWidth(x, this.config.inputSize, 'encode', 'inputSize');
    return tf.tidy(() => {
      let h = x;
      for (let layer = 0; layer < this.layers; layer++) {
        h = dense(h, this.variable(`encoderWeight${layer}`), this.variable(`encoderBias${layer}`));
        if (layer < this.layers - 1 || this.config.latentActivation === 'relu') h = tf.relu(h);
      }
      return h;
    });
  }

  /** Decoded rows (n × inputSize, values in (0, 1)) of latent codes `z` (n × latentSize). */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    this.checkAlive();
    this.checkWidth(z, this.config.latentSize, 'decode', 'latentSize');
    return tf.tidy(() => {
      let h = z;
      for (let layer = 0; layer < this.layers; layer++) {
        h = dense(h, this.variable(`decoderWeight${layer}`), this.variable(`decoderBias${layer}`));
        h = layer < this.layers - 1 ? tf.relu(h) : tf.sigmoid(h);
      }
      return h;
    });
  }

  /** {@link encode} over row-major values (n × inputSize), `batchSize` rows at a time; returns row-major codes. */
  encodeValues(values: Float32Array, options: { batchSize?: number } = {}): Float32Array {
    return this.mapValues(values, this.config.inputSize, this.config.latentSize, (x) => this.encode(x), options.batchSize, 'encodeValues');
  }

  /** {@link decode} over row-major codes (n × latentSize), `batchSize` rows at a time; returns row-major outputs. */
  decodeValues(codes: Float32Array, options: { batchSize?: number } = {}): Float32Array {
    return this.mapValues(codes, this.config.latentSize, this.config.inputSize, (z) => this.decode(z), options.batchSize, 'decodeValues');
  }

  protected checkWeights(weights: WeightInput): WeightValues {
    return checkAutoencoderWeights(this.config, weights);
  }

  private mapValues(
    values: Float32Array,
    width: number,
    outputWidth: number,
    map: (x: tf.Tensor2D) => tf.Tensor2D,
    batchSize = 1024,
    method: string,
  ): Float32Array {
    if (!(values instanceof Float32Array) || values.length % width !== 0) {
      throw new Error(`Autoencoder.${method} needs a Float32Array of whole rows of ${width} values, got ${values?.length} values.`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${String(batchSize)}.`);
    const rows = values.length / width;
    const out = new Float32Array(rows * outputWidth);
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      const mapped = tf.tidy(() => map(tf.tensor2d(values.subarray(start * width, (start + count) * width), [count, width])));
      out.set(mapped.dataSync(), start * outputWidth);
      mapped.dispose();
    }
    return out;
  }

  /** An independent copy with new variables, holding `weights` if given (checked), else this autoencoder's. */
  clone(weights?: WeightInput): Autoencoder {
    return new Autoencoder({ ...this.config }, weights ?? this.getWeights());
  }

  private checkWidth(x: tf.Tensor, width: number, method: string, name: string): void {
    if (x.rank !== 2 || x.shape[1] !== width) {
      throw new Error(`Autoencoder.${method} needs an n × ${width} tensor (${name}), got shape [${x.shape.join(', ')}].`);
    }
  }
}
