import { locateJsonSyntaxError } from './json-syntax-error';
import { flattenNested, nestFlat, sameShape, type NestedNumbers } from './nested-array';
import { checkFlowModelKind, type FlowModel, type FlowModelKind } from './flow-model';
import { Potential } from './potential';
import { resolvePotentialConfig, type PotentialConfig } from './potential-config';
import { describeVelocityWeightShape, resolveVelocityConfig, velocityWeightShapes, type VelocityConfig } from './velocity-config';
import { VelocityNetwork } from './velocity-network';
import { describeWeightShape, formatShape, potentialWeightShapes } from './weight-layout';

export const MODEL_FILE_FORMAT = 'otflow-model';
/** The version {@link serializeModel} writes. */
export const MODEL_FILE_VERSION = 1;
/** The versions {@link parseModelFile} reads. */
export const SUPPORTED_MODEL_FILE_VERSIONS: readonly number[] = [1];

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

export interface ModelMetadata {
  normalization?: Normalization | null;
  training?: TrainingMetadata | null;
}

export interface LoadedModel {
  /** The model the file holds; `model.kind` says which. The caller owns it. */
  model: FlowModel;
  normalization: Normalization | null;
  training: TrainingMetadata | null;
}

const FILE_KEYS = ['format', 'version', 'kind', 'config', 'weights', 'normalization', 'training'];
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

/** The model file of a model (plain data, ready for JSON.stringify), with optional normalization and metadata. */
export function serializeModel(model: FlowModel, metadata: ModelMetadata = {}): ModelFileV1 {
  const d = model.config.d;
  const shapes = weightShapes(model);
  const values = model.getWeights();
  const weights: Record<string, NestedNumbers> = {};
  for (const [name, shape] of Object.entries(shapes)) weights[name] = nestFlat(values[name], shape);
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    kind: model.kind,
    config: { ...model.config },
    weights,
    normalization: checkNormalization(metadata.normalization, d),
    training: checkTraining(metadata.training),
  };
}

/** The file's JSON text. Float32 weights print as their shortest exact decimal, so a round trip is exact. */
export function modelFileToJSON(file: ModelFileV1): string {
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

function checkWeights(value: unknown, kind: FlowModelKind, config: PotentialConfig | VelocityConfig): Record<string, number[]> {
  if (!isRecord(value)) throw new Error(`weights must be an object of named arrays, got ${describe(value)}.`);
  const shapes = kind === 'potential' ? potentialWeightShapes(config as PotentialConfig) : velocityWeightShapes(config);
  const unknown = Object.keys(value).filter((name) => !(name in shapes));
  if (unknown.length > 0) {
    throw new Error(
      `weights has unexpected entries ${unknown.join(', ')}; with nTh = ${config.nTh} a ${kind} model has exactly ` +
        `${Object.keys(shapes).join(', ')}.`,
    );
  }
  const checked: Record<string, number[]> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    if (value[name] === undefined) {
      throw new Error(`weights.${name} is missing (expected shape ${formatShape(shape)}, ${describeShape(kind, name)}).`);
    }
    const { shape: actual, values } = flattenNested(value[name], `weights.${name}`);
    if (!sameShape(actual, shape)) {
      throw new Error(
        `weights.${name} has shape ${formatShape(actual)}, expected ${formatShape(shape)} (${describeShape(kind, name)} ` +
          `with ${Object.entries(config).map(([key, entry]) => `${key} = ${String(entry)}`).join(', ')}).`,
      );
    }
    checked[name] = values;
  }
  return checked;
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
  const unknown = Object.keys(file).filter((key) => !FILE_KEYS.includes(key));
  if (unknown.length > 0) throw new Error(`The model file has unknown fields ${unknown.join(', ')}; expected ${FILE_KEYS.join(', ')}.`);
  const config = checkConfig(file.config, kind);
  const weights = checkWeights(file.weights, kind, config);
  const normalization = checkNormalization(file.normalization, config.d);
  const training = checkTraining(file.training);
  const model = kind === 'potential' ? Potential.fromWeights(config as PotentialConfig, weights) : VelocityNetwork.fromWeights(config, weights);
  return { model, normalization, training };
}
