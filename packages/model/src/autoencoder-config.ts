import { requireInteger } from './resnet-size';

/** What the encoder's last layer applies: ReLU, as the reference's encoder does, or nothing. */
export type LatentActivation = 'relu' | 'identity';

export const LATENT_ACTIVATIONS: readonly LatentActivation[] = ['relu', 'identity'];

/**
 * A dense autoencoder's architecture: inputSize → hidden[0] → … → latentSize (ReLU after every hidden layer, then
 * `latentActivation`), and back latentSize → … → hidden[0] → inputSize (ReLU, then a sigmoid, so outputs lie in (0, 1)).
 * The reference's MNIST autoencoder is { inputSize: 784, hidden: [], latentSize: 128, latentActivation: 'relu' }.
 */
export interface AutoencoderConfig {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  readonly latentSize: number;
  readonly latentActivation: LatentActivation;
}

/** A config as a caller writes it; every field has the reference's default. */
export interface AutoencoderConfigInput {
  /** Default 784 (28 × 28 pixels). */
  inputSize?: number;
  /** Widths of the hidden layers between the input and the latent code. Default none. */
  hidden?: readonly number[];
  /** Default 128. */
  latentSize?: number;
  /** Default 'relu'. */
  latentActivation?: LatentActivation;
}

export const DEFAULT_AUTOENCODER_CONFIG: AutoencoderConfig = Object.freeze({
  inputSize: 784,
  hidden: Object.freeze([]) as readonly number[],
  latentSize: 128,
  latentActivation: 'relu',
});

const CONFIG_KEYS = ['inputSize', 'hidden', 'latentSize', 'latentActivation'];

/** Fills in defaults and checks an autoencoder config; `where` prefixes field names in messages (`autoencoder.config.`). */
export function resolveAutoencoderConfig(input: AutoencoderConfigInput = {}, where = ''): AutoencoderConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`${where || 'The autoencoder config'} must be an object like { inputSize: 784, latentSize: 128 }, got ${String(input)}.`);
  }
  const unknown = Object.keys(input).filter((key) => !CONFIG_KEYS.includes(key));
  if (unknown.length > 0) throw new Error(`${where || 'The autoencoder config'} has unknown fields ${unknown.join(', ')}; it has ${CONFIG_KEYS.join(', ')}.`);
  const hidden = input.hidden ?? DEFAULT_AUTOENCODER_CONFIG.hidden;
  if (!Array.isArray(hidden)) throw new Error(`${where}hidden must be an array of layer widths, got ${JSON.stringify(hidden)}.`);
  const latentActivation = input.latentActivation ?? DEFAULT_AUTOENCODER_CONFIG.latentActivation;
  if (!LATENT_ACTIVATIONS.includes(latentActivation)) {
    throw new Error(`${where}latentActivation must be ${LATENT_ACTIVATIONS.map((a) => `"${a}"`).join(' or ')}, got ${JSON.stringify(latentActivation)}.`);
  }
  return Object.freeze({
    inputSize: requireInteger(input.inputSize ?? DEFAULT_AUTOENCODER_CONFIG.inputSize, `${where}inputSize`, 1, 'values per image'),
    hidden: Object.freeze(hidden.map((width, i) => requireInteger(width, `${where}hidden[${i}]`, 1, 'a hidden layer width'))),
    latentSize: requireInteger(input.latentSize ?? DEFAULT_AUTOENCODER_CONFIG.latentSize, `${where}latentSize`, 1, 'the latent dimension'),
    latentActivation,
  });
}

/** The sizes of the encoder's layers, input first: [inputSize, ...hidden, latentSize]. */
export function encoderSizes(config: AutoencoderConfig): number[] {
  return [config.inputSize, ...config.hidden, config.latentSize];
}

/**
 * Every weight's shape by name in canonical order, PyTorch's Linear layout (out × in): encoderWeight0, encoderBias0,
 * …, then decoderWeight0, decoderBias0, … (the decoder mirrors the encoder).
 */
export function autoencoderWeightShapes(config: AutoencoderConfig): Record<string, number[]> {
  const sizes = encoderSizes(config);
  const reversed = [...sizes].reverse();
  const shapes: Record<string, number[]> = {};
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    shapes[`encoderWeight${layer}`] = [sizes[layer + 1], sizes[layer]];
    shapes[`encoderBias${layer}`] = [sizes[layer + 1]];
  }
  for (let layer = 0; layer + 1 < reversed.length; layer++) {
    shapes[`decoderWeight${layer}`] = [reversed[layer + 1], reversed[layer]];
    shapes[`decoderBias${layer}`] = [reversed[layer + 1]];
  }
  return shapes;
}

export function autoencoderParameterCount(config: AutoencoderConfig): number {
  return Object.values(autoencoderWeightShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
