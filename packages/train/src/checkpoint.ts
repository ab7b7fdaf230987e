import { checkFlowModelKind, type FlowModelConfig, type FlowModelKind } from '@otflow/model';
import type { AdamState } from './adam';
import { checkTrainingSettings, type TrainingSettings } from './presets';
import type { IterationRecord, ValidationRecord } from './records';

export const CHECKPOINT_FORMAT = 'otflow-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A training run's full state as JSON-safe data: weights, optimizer, data position, best model, history. */
export interface TrainerCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** What was trained; absent in checkpoints written before velocity networks, which hold potentials. */
  modelKind: FlowModelKind;
  config: FlowModelConfig;
  settings: TrainingSettings;
  seed: number | string;
  /**
   * How many shards each batch was split into (numerics §5's means are the same, their float32 rounding is not):
   * resuming with as many gives exactly the uninterrupted run. Absent in checkpoints written before worker threads: 1.
   */
  workers: number;
  iteration: number;
  learningRate: number;
  elapsedMs: number;
  weights: Record<string, number[]>;
  adam: AdamState;
  batchSourceState: unknown;
  best: { record: ValidationRecord; weights: Record<string, number[]> } | null;
  plateau: { validationsSinceImprovement: number; drops: number };
  history: { iterations: IterationRecord[]; validations: ValidationRecord[] };
}

function fail(problem: string): never {
  throw new Error(`Invalid training checkpoint: ${problem}. Resume from an intact checkpoint or start a new run.`);
}

/** Validates a parsed checkpoint's structure (the trainer validates weights and optimizer state as it loads them). */
export function checkTrainerCheckpoint(value: unknown): TrainerCheckpoint {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const checkpoint = value as Partial<TrainerCheckpoint>;
  if (checkpoint.format !== CHECKPOINT_FORMAT) fail(`"format" is ${JSON.stringify(checkpoint.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (checkpoint.version !== CHECKPOINT_VERSION) {
    fail(`version ${JSON.stringify(checkpoint.version)} is not supported (this version reads ${CHECKPOINT_VERSION})`);
  }
  let modelKind: FlowModelKind;
  try {
    modelKind = checkFlowModelKind(checkpoint.modelKind ?? 'potential', '"modelKind"');
  } catch (error) {
    fail((error as Error).message.replace(/\.$/, ''));
  }
  const config = checkpoint.config;
  const configKeys = modelKind === 'potential' ? ['d', 'm', 'nTh', 'r'] : ['d', 'm', 'nTh'];
  const given = (config ?? {}) as unknown as Record<string, unknown>;
  if (!config || !configKeys.every((k) => Number.isInteger(given[k]))) {
    const implied = checkpoint.modelKind === undefined ? ' (a checkpoint without "modelKind" holds a potential)' : '';
    const model = modelKind === 'potential' ? 'potential' : 'velocity network';
    fail(`"config" of a ${model}${implied} needs integer ${configKeys.join(', ')}`);
  }
  if (modelKind === 'velocity' && given.r !== undefined) fail('"config" of a velocity network has no r');
  if (typeof checkpoint.settings !== 'object' || checkpoint.settings === null) fail('"settings" is missing');
  checkTrainingSettings(checkpoint.settings);
  if (typeof checkpoint.seed !== 'number' && typeof checkpoint.seed !== 'string') fail('"seed" is missing');
  const workers = checkpoint.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) fail(`"workers" must be a positive integer, got ${JSON.stringify(checkpoint.workers)}`);
  if (!Number.isInteger(checkpoint.iteration) || (checkpoint.iteration as number) < 0) fail('"iteration" is not a count');
  if (!(typeof checkpoint.learningRate === 'number' && checkpoint.learningRate > 0)) fail('"learningRate" is not positive');
  if (typeof checkpoint.elapsedMs !== 'number') fail('"elapsedMs" is missing');
  if (typeof checkpoint.weights !== 'object' || checkpoint.weights === null) fail('"weights" is missing');
  if (typeof checkpoint.adam !== 'object' || checkpoint.adam === null) fail('"adam" is missing');
  const plateau = checkpoint.plateau;
  if (!plateau || !Number.isInteger(plateau.validationsSinceImprovement) || !Number.isInteger(plateau.drops)) {
    fail('"plateau" needs integer validationsSinceImprovement and drops');
  }
  const history = checkpoint.history;
  if (!history || !Array.isArray(history.iterations) || !Array.isArray(history.validations)) {
    fail('"history" needs iterations and validations arrays');
  }
  if (checkpoint.best !== null && (typeof checkpoint.best !== 'object' || !checkpoint.best.weights || !checkpoint.best.record)) {
    fail('"best" must be null or hold a record and weights');
  }
  return { ...(checkpoint as TrainerCheckpoint), modelKind, workers };
}
