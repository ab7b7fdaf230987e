import { autoencoderWeightShapes, resolveAutoencoderConfig, type AutoencoderConfig } from './autoencoder-config';
import { Autoencoder, checkAutoencoderWeights, type AutoencoderData } from './autoencoder';
import { checkImageSpec, type ImageSpec } from './image-spec';
import { locateJsonSyntaxError } from './json-syntax-error';
import { flattenNested, nestFlat, sameShape, type NestedNumbers } from './nested-array';
import { checkFlowModelKind, type FlowModel, type FlowModelKind } from './flow-model';
import { Potential } from './potential';
import { resolvePotentialConfig, type PotentialConfig } from './potential-config';
import { describeVelocityWeightShape, resolveVelocityConfig, velocityWeightShapes, type VelocityConfig } from './velocity-config';
import { VelocityNetwork } from './velocity-network';
import { describeWeightShape, formatShape, potentialWeightShapes } from './weight-layout';

export const MODEL_FILE_FORMAT = 'otflow-model';
/**
 * The newest version: 2 adds an image model's autoencoder and image spec. {@link serializeModel} writes version 2 for
 * image models and version 1 for plain flows, so that readers of version 1 keep reading every flow file.
 */
export const MODEL_FILE_VERSION = 2;
/** The versions {@link parseModelFile} reads. */
export const SUPPORTED_MODEL_FILE_VERSIONS: readonly number[] = [1, 2];

/** The affine map from data to the model's coordinates: x_model = (x_data − mean) / std, per dimension. */
export interface Normalization {
  mean: number[];
  std: number[];
}

/** Free-form facts about how a model was trained (dataset, alph, nt, iterations, seed, createdAt, …); JSON only. */
export type TrainingMetadata = Record<string, unknown>;

/** Version 1 of the otflow model file: plain JSON data. */
export interface ModelFileV1 {
  format: typeof MODEL_FILE_FORMAT;
  version: 1;
  kind: FlowModelKind;
  /** A potential's { d, m, nTh, r }, or a velocity network's { d, m, nTh }. */
  config: { d: number; m: number; nTh: number; r?: number };
  /**
   * Every weight by name as nested arrays in PyTorch's out × in layout: K0, b0, …, w, A, b, c (a number) for a
   * potential; K0, b0, …, W, c for a velocity network.
   */
  weights: Record<string, NestedNumbers>;
  normalization: Normalization | null;
  training: TrainingMetadata | null;
}

/**
 * Version 2: an image model. The flow lives in the autoencoder's latent space: `normalization` standardizes latent
 * codes for the flow (the reference's (code − mu)/(std + eps) is mean = mu, std = std + eps), `autoencoder` holds
 * the encoder and decoder, and `image` says how they meet pixels.
 */
export interface ModelFileV2 extends Omit<ModelFileV1, 'version'> {
  version: 2;
  autoencoder: { config: AutoencoderConfig; weights: Record<string, NestedNumbers> };
  image: ImageSpec;
}

export type ModelFile = ModelFileV1 | ModelFileV2;

export interface ModelMetadata {
  normalization?: Normalization | null;
  training?: TrainingMetadata | null;
  /** Makes the file an image model (version 2): the autoencoder whose latent space the flow models… */
  autoencoder?: Autoencoder | AutoencoderData | null;
  /** …and how it meets pixels; both or neither. */
  image?: ImageSpec | null;
}

export interface LoadedModel {
  /** The model the file holds; `model.kind` says which. The caller owns it. */
  model: FlowModel;
  normalization: Normalization | null;
  training: TrainingMetadata | null;
  /** An image model's autoencoder as plain data (build it with `Autoencoder.fromWeights`); null for a plain flow. */
  autoencoder: AutoencoderData | null;
  image: ImageSpec | null;
}

const FILE_KEYS = ['format', 'version', 'kind', 'config', 'weights', 'normalization', 'training'];
const IMAGE_FILE_KEYS = [...FILE_KEYS, 'autoencoder', 'image'];
const CONFIG_KEYS: Record<FlowModelKind, readonly string[]> = { potential: ['d', 'm', 'nTh', 'r'], velocity: ['d', 'm', 'nTh'] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

/** Checks a normalization against the data dimension d; returns a copy. */
function checkNormalization(value: unknown, d: number): Normalization | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value)) throw new Error(`normalization must be { mean: number[], std: number[] } or null, got ${describe(value)}.`);
  const read = (key: 'mean' | 'std'): number[] => {
    const array = value[key];
    if (!Array.isArray(array) || array.length !== d) {
      throw new Error(
        `normalization.${key} must be an array of d = ${d} numbers, got ` +
          `${Array.isArray(array) ? `length ${array.length}` : describe(array)}.`,
      );
    }
    array.forEach((entry, index) => {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) {
        throw new Error(`normalization.${key}[${index}] is ${describe(entry)}, expected a finite number.`);
      }
    });
    return [...array] as number[];
  };
  const mean = read('mean');
  const std = read('std');
  const bad = std.findIndex((entry) => entry <= 0);
  if (bad >= 0) throw new Error(`normalization.std[${bad}] is ${std[bad]}: every standard deviation must be > 0.`);
  return { mean, std };
}

/** Checks that training metadata is a JSON object (or null); returns a deep copy. */
function checkTraining(value: unknown): TrainingMetadata | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value)) throw new Error(`training must be an object of metadata or null, got ${describe(value)}.`);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`training metadata must be JSON-serializable: ${(error as Error).message}`, { cause: error });
  }
  return JSON.parse(text) as TrainingMetadata;
}

function weightShapes(model: FlowModel): Record<string, number[]> {
  return model.kind === 'potential' ? potentialWeightShapes(model.config) : velocityWeightShapes(model.config);
}

function nestWeights(values: Record<string, ArrayLike<number>>, shapes: Record<string, number[]>): Record<string, NestedNumbers> {
  const weights: Record<string, NestedNumbers> = {};
  for (const [name, shape] of Object.entries(shapes)) weights[name] = nestFlat(values[name], shape);
  return weights;
}

/**
 * The model file of a model (plain data, ready for JSON.stringify), with optional normalization and metadata; with
 * an autoencoder and an image spec, the file of an image model (version 2).
 */
export function serializeModel(model: FlowModel, metadata?: ModelMetadata & { autoencoder?: null; image?: null }): ModelFileV1;
export function serializeModel(model: FlowModel, metadata: ModelMetadata): ModelFile;
export function serializeModel(model: FlowModel, metadata: ModelMetadata = {}): ModelFile {
  const d = model.config.d;
  const file: ModelFileV1 = {
    format: MODEL_FILE_FORMAT,
    version: 1,
    kind: model.kind,
    config: { ...model.config },
    weights: nestWeights(model.getWeights(), weightShapes(model)),
    normalization: checkNormalization(metadata.normalization, d),
    training: checkTraining(metadata.training),
  };
  if (metadata.autoencoder == null && metadata.image == null) return file;
  if (metadata.autoencoder == null || metadata.image == null) {
    throw new Error('An image model needs both an autoencoder and an image spec; pass both, or neither for a plain flow.');
  }
  const autoencoder = metadata.autoencoder instanceof Autoencoder ? metadata.autoencoder.toData() : metadata.autoencoder;
  const config = resolveAutoencoderConfig(autoencoder.config, 'autoencoder.config.');
  checkAutoencoderWeights(config, autoencoder.weights, 'autoencoder.weights');
  const image = checkImageSpec(metadata.image);
  checkImageModelSizes(config, image, d);
  return {
    ...file,
    version: 2,
    autoencoder: { config: { ...config, hidden: [...config.hidden] }, weights: nestWeights(autoencoder.weights, autoencoderWeightShapes(config)) },
    image,
  };
}

/** The autoencoder must map the image's pixels to the flow's d dimensions. */
function checkImageModelSizes(config: AutoencoderConfig, image: ImageSpec, d: number): void {
  const pixels = image.width * image.height * image.channels;
  if (config.inputSize !== pixels) {
    throw new Error(
      `autoencoder.config.inputSize is ${config.inputSize}, but a ${image.width} × ${image.height} image has ${pixels} values.`,
    );
  }
  if (config.latentSize !== d) {
    throw new Error(`autoencoder.config.latentSize is ${config.latentSize}, but the flow models d = ${d} dimensions; they must agree.`);
  }
}

/** The file's JSON text. Float32 weights print as their shortest exact decimal, so a round trip is exact. */
export function modelFileToJSON(file: ModelFile): string {
  return `${JSON.stringify(file)}\n`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    if (text.trim() === '') throw new Error('The model file is empty: it holds no JSON.', { cause: error });
    const location = locateJsonSyntaxError(text);
    if (location === null) throw new Error(`The model file is not valid JSON: ${detail}.`, { cause: error });
    const where = `line ${location.line}, column ${location.column} (position ${location.position})`;
    if (location.truncated) {
      throw new Error(
        `The model file is truncated or corrupt: its JSON ends early at ${where} of ${text.length} characters.`,
        { cause: error },
      );
    }
    throw new Error(
      `The model file is not valid JSON: unexpected ${JSON.stringify(text[location.position])} at ${where} (${detail}).`,
      { cause: error },
    );
  }
}

function checkConfig(value: unknown, kind: FlowModelKind): PotentialConfig | VelocityConfig {
  const keys = CONFIG_KEYS[kind];
  const listed = keys.join(', ');
  if (!isRecord(value)) throw new Error(`config must be an object { ${listed} }, got ${describe(value)}.`);
  for (const key of keys) {
    if (value[key] === undefined) throw new Error(`config.${key} is missing: a ${kind} model file states ${listed}.`);
  }
  const unknown = Object.keys(value).filter((key) => !keys.includes(key));
  if (unknown.length > 0) throw new Error(`config has unknown fields ${unknown.join(', ')}; a ${kind} model has ${listed}.`);
  return kind === 'potential'
    ? resolvePotentialConfig(value as unknown as PotentialConfig, 'config.')
    : resolveVelocityConfig(value as unknown as VelocityConfig, 'config.');
}

/** A weight's shape in numerics §2's symbols, for error messages. */
function describeShape(kind: FlowModelKind, name: string): string {
  return kind === 'potential' ? describeWeightShape(name) : describeVelocityWeightShape(name);
}

/**
 * Checks named nested arrays against `shapes`. `where` is the field (`weights`, `autoencoder.weights`), `owner` the
 * model ("with nTh = 2 a potential model"), `meaning(name)` a weight's shape in symbols and `sizes` the config.
 */
function checkNestedWeights(
  value: unknown,
  shapes: Record<string, number[]>,
  where: string,
  owner: string,
  meaning: (name: string) => string,
  sizes: string,
): Record<string, number[]> {
  if (!isRecord(value)) throw new Error(`${where} must be an object of named arrays, got ${describe(value)}.`);
  const unknown = Object.keys(value).filter((name) => !(name in shapes));
  if (unknown.length > 0) {
    throw new Error(`${where} has unexpected entries ${unknown.join(', ')}; ${owner} has exactly ${Object.keys(shapes).join(', ')}.`);
  }
  const checked: Record<string, number[]> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    if (value[name] === undefined) {
      throw new Error(`${where}.${name} is missing (expected shape ${formatShape(shape)}, ${meaning(name)}).`);
    }
    const { shape: actual, values } = flattenNested(value[name], `${where}.${name}`);
    if (!sameShape(actual, shape)) {
      throw new Error(`${where}.${name} has shape ${formatShape(actual)}, expected ${formatShape(shape)} (${meaning(name)} with ${sizes}).`);
    }
    checked[name] = values;
  }
  return checked;
}

function describeSizes(config: object): string {
  return Object.entries(config).map(([key, entry]) => `${key} = ${Array.isArray(entry) ? `[${entry.join(', ')}]` : String(entry)}`).join(', ');
}

function checkWeights(value: unknown, kind: FlowModelKind, config: PotentialConfig | VelocityConfig): Record<string, number[]> {
  const shapes = kind === 'potential' ? potentialWeightShapes(config as PotentialConfig) : velocityWeightShapes(config);
  return checkNestedWeights(value, shapes, 'weights', `with nTh = ${config.nTh} a ${kind} model`, (name) => describeShape(kind, name), describeSizes(config));
}

/** An image model's autoencoder field: { config, weights }, checked against the image spec and the flow's d. */
function checkAutoencoderField(value: unknown, image: ImageSpec, d: number): AutoencoderData {
  if (!isRecord(value)) throw new Error(`autoencoder must be an object { config, weights }, got ${describe(value)}.`);
  const unknown = Object.keys(value).filter((key) => key !== 'config' && key !== 'weights');
  if (unknown.length > 0) throw new Error(`autoencoder has unknown fields ${unknown.join(', ')}; it has config and weights.`);
  if (value.config === undefined) throw new Error('autoencoder.config is missing.');
  const config = resolveAutoencoderConfig(value.config as AutoencoderConfig, 'autoencoder.config.');
  checkImageModelSizes(config, image, d);
  const shapes = autoencoderWeightShapes(config);
  const meaning = (name: string) => (name.includes('Weight') ? 'out × in' : 'out');
  const weights = checkNestedWeights(value.weights, shapes, 'autoencoder.weights', 'this autoencoder', meaning, describeSizes(config));
  return { config, weights: Object.fromEntries(Object.entries(weights).map(([name, values]) => [name, Float32Array.from(values)])) };
}

/**
 * Reads a model file (its JSON text or the parsed object), checking everything, and builds its model. Errors
 * say what is wrong and where: not JSON, truncated, wrong format or version, unknown kind, invalid config, missing or
 * mis-shaped or non-finite weights, bad normalization.
 */
export function parseModelFile(input: unknown): LoadedModel {
  const file = typeof input === 'string' ? parseJson(input) : input;
  if (!isRecord(file)) throw new Error(`A model file must hold a JSON object, got ${describe(file)}.`);
  if (file.format !== MODEL_FILE_FORMAT) {
    throw new Error(`This is not an otflow model file: format is ${describe(file.format)}, expected "${MODEL_FILE_FORMAT}".`);
  }
  if (!SUPPORTED_MODEL_FILE_VERSIONS.includes(file.version as number)) {
    throw new Error(
      `Unsupported model file version ${describe(file.version)}: this @otflow/model reads version ` +
        `${SUPPORTED_MODEL_FILE_VERSIONS.join(', ')}. A newer file needs a newer @otflow/model.`,
    );
  }
  const kind = checkFlowModelKind(file.kind, "The model file's kind");
  const keys = file.version === 2 ? IMAGE_FILE_KEYS : FILE_KEYS;
  const unknown = Object.keys(file).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    const imageHint = unknown.includes('autoencoder') || unknown.includes('image') ? ' (image models are version 2 files)' : '';
    throw new Error(`The model file has unknown fields ${unknown.join(', ')}${imageHint}; a version ${String(file.version)} file has ${keys.join(', ')}.`);
  }
  const config = checkConfig(file.config, kind);
  const weights = checkWeights(file.weights, kind, config);
  const normalization = checkNormalization(file.normalization, config.d);
  const training = checkTraining(file.training);
  let autoencoder: AutoencoderData | null = null;
  let image: ImageSpec | null = null;
  if (file.version === 2) {
    if (file.image === undefined) throw new Error('image is missing: a version 2 model file is an image model and states its image spec.');
    image = checkImageSpec(file.image);
    if (file.autoencoder === undefined) throw new Error('autoencoder is missing: a version 2 model file is an image model and holds its autoencoder.');
    autoencoder = checkAutoencoderField(file.autoencoder, image, config.d);
  }
  const model = kind === 'potential' ? Potential.fromWeights(config as PotentialConfig, weights) : VelocityNetwork.fromWeights(config, weights);
  return { model, normalization, training, autoencoder, image };
}
