import { autoencoderWeightShapes, resolveAutoencoderConfig } from './autoencoder-config';
import type { AutoencoderData } from './autoencoder';
import { REFERENCE_MNIST_PIXEL_NORMALIZATION, type ImageSpec } from './image-spec';
import type { Normalization } from './model-file';
import { nestFlat, sameShape, type NestedNumbers } from './nested-array';
import type { Potential } from './potential';
import { importReferenceStateDict } from './reference-import';
import { TorchTensor } from './torch/torch-tensor';
import { formatShape } from './weight-layout';

/** The reference's default eps in (code − mu)/(std + eps), used when the checkpoint's args do not say. */
export const REFERENCE_LATENT_EPS = 1e-6;

/** What a checkpoint of the authors' code holds, as otflow parts. */
export interface ReferenceCheckpointImport {
  potential: Potential;
  /** The checkpoint's `args` (an argparse.Namespace) as plain JSON data; null when it has none. */
  args: Record<string, unknown> | null;
  /** The objective weights alph from args, when they are there. */
  alph: [number, number, number] | null;
  /** For an MNIST checkpoint (one with an autoencoder): the autoencoder, the latent standardization, the image spec. */
  image: { autoencoder: AutoencoderData; normalization: Normalization; spec: ImageSpec; eps: number } | null;
}

function isMap(value: unknown): value is Map<unknown, unknown> {
  return value instanceof Map;
}

/** A torch value as JSON data: Maps with string keys → objects, tensors → nested arrays, bigints → numbers or strings. */
function toJson(value: unknown, where: string): unknown {
  if (value instanceof TorchTensor) return nestFlat(value.toNumbers(where), value.shape);
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of value) out[String(key)] = toJson(entry, `${where}.${String(key)}`);
    return out;
  }
  if (Array.isArray(value)) return value.map((entry, i) => toJson(entry, `${where}[${i}]`));
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Set) return [...value].map((entry, i) => toJson(entry, `${where}[${i}]`));
  if (value instanceof Uint8Array) return Array.from(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A state_dict (a Map of tensors) as { name: nested arrays }, every entry a tensor. */
function stateDictJson(value: unknown, name: string): Record<string, NestedNumbers> {
  if (!isMap(value)) throw new Error(`The checkpoint's "${name}" must be a state_dict (a dict of tensors).`);
  const out: Record<string, NestedNumbers> = {};
  for (const [key, entry] of value) {
    if (!(entry instanceof TorchTensor)) throw new Error(`The checkpoint's ${name}["${String(key)}"] is not a tensor.`);
    out[String(key)] = nestFlat(entry.toNumbers(`${name}["${String(key)}"]`), entry.shape);
  }
  return out;
}

function tensorEntry(dict: Map<unknown, unknown>, key: string, shape: number[], meaning: string): number[] {
  const entry = dict.get(key);
  if (entry === undefined) throw new Error(`The checkpoint's autoencoder is missing "${key}" (${meaning}, shape ${formatShape(shape)}).`);
  if (!(entry instanceof TorchTensor)) throw new Error(`The checkpoint's autoencoder["${key}"] is not a tensor.`);
  if (!sameShape(entry.shape, shape)) {
    throw new Error(`The checkpoint's autoencoder["${key}"] (${meaning}) has shape ${formatShape(entry.shape)}, expected ${formatShape(shape)}.`);
  }
  return entry.toNumbers(`autoencoder["${key}"]`);
}

function alphOf(args: Record<string, unknown> | null): [number, number, number] | null {
  const alph = args?.alph;
  return Array.isArray(alph) && alph.length === 3 && alph.every((v) => typeof v === 'number') ? (alph as [number, number, number]) : null;
}

/**
 * Imports a checkpoint of the OT-Flow authors' code as read by `readTorchCheckpoint`: `{ args, state_dict }` (any
 * experiment) or, from trainMnistOTflow.py, `{ args, state_dict, autoencoder }`. The potential comes from
 * `state_dict` (see {@link importReferenceStateDict}). The autoencoder's layer1 (d × 784, ReLU) and layer2 (784 × d,
 * sigmoid) become a 784 → d → 784 {@link AutoencoderData}; its buffers mu and std (1 × d) become the latent
 * standardization { mean: mu, std: std + eps } with eps from args (default 1e-6), exactly the authors'
 * (code − mu)/(std + eps); the image spec records their pixel normalization (0.1307, 0.3081) and that their decoder
 * reproduces the normalized image. Missing, extra or mis-shaped entries are named.
 */
export function importReferenceCheckpoint(value: unknown): ReferenceCheckpointImport {
  if (!isMap(value)) {
    throw new Error('A reference checkpoint must be a dict with "state_dict" (and, for MNIST, "autoencoder"); this file holds something else.');
  }
  const known = ['args', 'state_dict', 'autoencoder'];
  const unknown = [...value.keys()].filter((key) => !known.includes(String(key)));
  if (unknown.length > 0) {
    throw new Error(`The checkpoint has unexpected entries ${unknown.map((k) => `"${String(k)}"`).join(', ')}; the authors' checkpoints hold ${known.join(', ')}.`);
  }
  if (!value.has('state_dict')) throw new Error('The checkpoint has no "state_dict": it holds no OT-Flow potential.');
  const rawArgs = value.get('args');
  if (rawArgs !== undefined && !isMap(rawArgs)) throw new Error('The checkpoint\'s "args" must be an argparse.Namespace.');
  const args = rawArgs === undefined ? null : (toJson(rawArgs, 'args') as Record<string, unknown>);
  const potential = importReferenceStateDict(stateDictJson(value.get('state_dict'), 'state_dict'));
  try {
    const rawAutoencoder = value.get('autoencoder');
    const image = rawAutoencoder === undefined ? null : importAutoencoder(rawAutoencoder, potential.config.d, args);
    return { potential, args, alph: alphOf(args), image };
  } catch (error) {
    potential.dispose();
    throw error;
  }
}

function importAutoencoder(value: unknown, d: number, args: Record<string, unknown> | null): NonNullable<ReferenceCheckpointImport['image']> {
  if (!isMap(value)) throw new Error('The checkpoint\'s "autoencoder" must be a state_dict (a dict of tensors).');
  const expected = ['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias', 'mu', 'std'];
  const extra = [...value.keys()].filter((key) => !expected.includes(String(key)));
  if (extra.length > 0) {
    throw new Error(`The checkpoint's autoencoder has unexpected entries ${extra.map((k) => `"${String(k)}"`).join(', ')}; the authors' autoencoder has exactly ${expected.join(', ')}.`);
  }
  const first = value.get('layer1.weight');
  const inputSize = first instanceof TorchTensor && first.shape.length === 2 ? first.shape[1] : 784;
  const side = Math.round(Math.sqrt(inputSize));
  if (side * side !== inputSize) throw new Error(`The checkpoint's autoencoder takes ${inputSize} inputs, which is not a square image.`);
  const config = resolveAutoencoderConfig({ inputSize, hidden: [], latentSize: d, latentActivation: 'relu' });
  const shapes = autoencoderWeightShapes(config);
  const weights = {
    encoderWeight0: Float32Array.from(tensorEntry(value, 'layer1.weight', shapes.encoderWeight0, 'the encoder weight, d × pixels')),
    encoderBias0: Float32Array.from(tensorEntry(value, 'layer1.bias', shapes.encoderBias0, 'the encoder bias')),
    decoderWeight0: Float32Array.from(tensorEntry(value, 'layer2.weight', shapes.decoderWeight0, 'the decoder weight, pixels × d')),
    decoderBias0: Float32Array.from(tensorEntry(value, 'layer2.bias', shapes.decoderBias0, 'the decoder bias')),
  };
  const eps = typeof args?.eps === 'number' ? args.eps : REFERENCE_LATENT_EPS;
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new Error(`The checkpoint's args.eps is ${String(args?.eps)}; it must be a finite number ≥ 0.`);
  const mean = tensorEntry(value, 'mu', [1, d], 'the latent mean');
  const std = tensorEntry(value, 'std', [1, d], 'the latent standard deviation').map((s) => s + eps);
  const bad = std.findIndex((s) => !(s > 0));
  if (bad >= 0) throw new Error(`The checkpoint's latent std[${bad}] + eps is ${std[bad]}; it must be positive.`);
  return {
    autoencoder: { config, weights },
    normalization: { mean, std },
    spec: { width: side, height: side, channels: 1, pixelNormalization: { ...REFERENCE_MNIST_PIXEL_NORMALIZATION }, decoderOutput: 'normalized-pixels' },
    eps,
  };
}
