import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, resolveAutoencoderConfig, type AutoencoderConfigInput, type WeightValues } from '@otflow/model';
import { Adam } from './adam';
import { checkPointBatch, type BatchSource, type PointBatch } from './batch-source';
import { checkAutoencoderSettings, type AutoencoderSettings } from './autoencoder-settings';

export const AUTOENCODER_CHECKPOINT_FORMAT = 'otflow-autoencoder-checkpoint';
export const AUTOENCODER_CHECKPOINT_VERSION = 1;

/** One step's mean squared reconstruction error on its batch. */
export interface AutoencoderIterationRecord {
  iteration: number;
  loss: number;
  learningRate: number;
}

/** The mean squared reconstruction error over the whole validation set. */
export interface AutoencoderValidationRecord {
  iteration: number;
  loss: number;
}

/** What a listener hears after every step. */
export interface AutoencoderProgressEvent {
  iteration: number;
  iterations: number;
  record: AutoencoderIterationRecord;
  validation?: AutoencoderValidationRecord;
  best: AutoencoderValidationRecord | null;
  elapsedMs: number;
}

export interface AutoencoderTrainerInit {
  /** The architecture; its inputSize must match the data's width. */
  config: AutoencoderConfigInput;
  settings: AutoencoderSettings;
  /** Training images, one per row, as the encoder sees them; the decoder learns to reproduce them. */
  data: BatchSource;
  validation: PointBatch;
  seed: number | string;
}

export interface AutoencoderRunOptions {
  onProgress?: (event: AutoencoderProgressEvent) => void;
  signal?: AbortSignal;
  /** Calls `onCheckpoint` every this many iterations (and when the run stops). 0: never. */
  checkpointEvery?: number;
  onCheckpoint?: (checkpoint: AutoencoderCheckpoint) => void | Promise<void>;
}

export interface AutoencoderTrainingResult {
  stopReason: 'completed' | 'aborted';
  iterations: number;
  best: AutoencoderValidationRecord | null;
  elapsedMs: number;
}

/** An autoencoder run's full state as JSON-safe data. */
export interface AutoencoderCheckpoint {
  format: typeof AUTOENCODER_CHECKPOINT_FORMAT;
  version: typeof AUTOENCODER_CHECKPOINT_VERSION;
  config: AutoencoderConfigInput;
  settings: AutoencoderSettings;
  seed: number | string;
  iteration: number;
  learningRate: number;
  elapsedMs: number;
  weights: Record<string, number[]>;
  adam: ReturnType<Adam['getState']>;
  batchSourceState: unknown;
  best: { record: AutoencoderValidationRecord; weights: Record<string, number[]> } | null;
  history: { iterations: AutoencoderIterationRecord[]; validations: AutoencoderValidationRecord[] };
}

function fail(problem: string): never {
  throw new Error(`Invalid autoencoder checkpoint: ${problem}. Resume from an intact checkpoint or start a new run.`);
}

/** Checks a parsed autoencoder checkpoint's structure (weights and optimizer state are checked as they load). */
export function checkAutoencoderCheckpoint(value: unknown): AutoencoderCheckpoint {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const checkpoint = value as Partial<AutoencoderCheckpoint>;
  if (checkpoint.format !== AUTOENCODER_CHECKPOINT_FORMAT) fail(`"format" is ${JSON.stringify(checkpoint.format)}, expected "${AUTOENCODER_CHECKPOINT_FORMAT}"`);
  if (checkpoint.version !== AUTOENCODER_CHECKPOINT_VERSION) fail(`version ${JSON.stringify(checkpoint.version)} is not supported`);
  try {
    resolveAutoencoderConfig(checkpoint.config ?? {});
    checkAutoencoderSettings(checkpoint.settings as AutoencoderSettings);
  } catch (error) {
    fail((error as Error).message.replace(/\.$/, ''));
  }
  if (typeof checkpoint.seed !== 'number' && typeof checkpoint.seed !== 'string') fail('"seed" is missing');
  if (!Number.isInteger(checkpoint.iteration) || (checkpoint.iteration as number) < 0) fail('"iteration" is not a count');
  if (!(typeof checkpoint.learningRate === 'number' && checkpoint.learningRate > 0)) fail('"learningRate" is not positive');
  if (typeof checkpoint.weights !== 'object' || checkpoint.weights === null) fail('"weights" is missing');
  if (typeof checkpoint.adam !== 'object' || checkpoint.adam === null) fail('"adam" is missing');
  const history = checkpoint.history;
  if (!history || !Array.isArray(history.iterations) || !Array.isArray(history.validations)) fail('"history" needs iterations and validations arrays');
  if (checkpoint.best !== null && (typeof checkpoint.best !== 'object' || !checkpoint.best.weights || !checkpoint.best.record)) {
    fail('"best" must be null or hold a record and weights');
  }
  return checkpoint as AutoencoderCheckpoint;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

const toArrays = (values: WeightValues) => Object.fromEntries(Object.entries(values).map(([name, v]) => [name, Array.from(v)]));

/**
 * Trains a dense {@link Autoencoder} with Adam (PyTorch's rule) on the mean squared error between its reconstruction
 * and its input, as the reference's trainAE does: a fresh batch every step, the learning rate divided on a schedule,
 * validation on a fixed set with a snapshot of the best weights. Deterministic for a seed; checkpoints resume exactly.
 */
export class AutoencoderTrainer {
  readonly settings: AutoencoderSettings;
  readonly autoencoder: Autoencoder;
  readonly seed: number | string;
  private readonly data: BatchSource;
  private readonly validationSet: tf.Tensor2D;
  private readonly adam: Adam;
  private iterationCount = 0;
  private elapsed = 0;
  private bestRecord: AutoencoderValidationRecord | null = null;
  private bestWeights: WeightValues | null = null;
  private readonly iterationHistory: AutoencoderIterationRecord[] = [];
  private readonly validationHistory: AutoencoderValidationRecord[] = [];
  private aborted = false;

  constructor(init: AutoencoderTrainerInit) {
    this.settings = checkAutoencoderSettings({ ...init.settings });
    const config = resolveAutoencoderConfig(init.config);
    if (init.data.d !== config.inputSize) {
      throw new Error(`The training images have ${init.data.d} values each, but the autoencoder takes inputSize = ${config.inputSize}.`);
    }
    checkPointBatch(init.validation, config.inputSize, 'The validation images');
    this.seed = init.seed;
    this.data = init.data;
    this.autoencoder = new Autoencoder({ ...config, seed: init.seed });
    this.adam = new Adam(this.autoencoder.trainableVariables(), { learningRate: this.settings.learningRate });
    this.validationSet = tf.tensor2d(init.validation.data, [init.validation.rows, init.validation.cols]);
  }

  /** Resumes a run exactly where `checkpoint` left it; `data` and `validation` must be the ones it ran with. */
  static resume(checkpoint: unknown, init: Omit<AutoencoderTrainerInit, 'config' | 'settings' | 'seed'>): AutoencoderTrainer {
    const saved = checkAutoencoderCheckpoint(checkpoint);
    const trainer = new AutoencoderTrainer({ ...init, config: saved.config, settings: saved.settings, seed: saved.seed });
    trainer.autoencoder.setWeights(saved.weights);
    trainer.adam.setState(saved.adam);
    trainer.adam.learningRate = saved.learningRate;
    trainer.iterationCount = saved.iteration;
    trainer.elapsed = saved.elapsedMs;
    trainer.bestRecord = saved.best?.record ?? null;
    trainer.bestWeights = saved.best ? Object.fromEntries(Object.entries(saved.best.weights).map(([name, v]) => [name, Float32Array.from(v)])) : null;
    trainer.iterationHistory.push(...saved.history.iterations);
    trainer.validationHistory.push(...saved.history.validations);
    trainer.data.setState(saved.batchSourceState);
    return trainer;
  }

  get iteration(): number {
    return this.iterationCount;
  }

  get learningRate(): number {
    return this.adam.learningRate;
  }

  get best(): AutoencoderValidationRecord | null {
    return this.bestRecord;
  }

  get history(): { iterations: readonly AutoencoderIterationRecord[]; validations: readonly AutoencoderValidationRecord[] } {
    return { iterations: this.iterationHistory, validations: this.validationHistory };
  }

  get isFinished(): boolean {
    return this.aborted || this.iterationCount >= this.settings.iterations;
  }

  /** Runs steps until the iteration budget or `signal` ends the run. */
  async run(options: AutoencoderRunOptions = {}): Promise<AutoencoderTrainingResult> {
    const checkpointEvery = options.checkpointEvery ?? 0;
    while (!this.isFinished) {
      if (options.signal?.aborted) {
        this.aborted = true;
        break;
      }
      const event = this.step();
      options.onProgress?.(event);
      if (checkpointEvery > 0 && this.iterationCount % checkpointEvery === 0 && !this.isFinished) {
        await options.onCheckpoint?.(this.checkpoint());
      }
      await yieldToEventLoop();
    }
    await options.onCheckpoint?.(this.checkpoint());
    return { stopReason: this.aborted ? 'aborted' : 'completed', iterations: this.iterationCount, best: this.bestRecord, elapsedMs: this.elapsed };
  }

  /** One Adam step on a fresh batch, then validation and the learning-rate schedule. */
  step(): AutoencoderProgressEvent {
    if (this.isFinished) throw new Error('This run has finished; start a new AutoencoderTrainer or resume from a checkpoint.');
    const started = performance.now();
    const drawn = this.data.next(this.settings.batchSize);
    checkPointBatch(drawn, this.autoencoder.config.inputSize, 'A training batch');
    const batch = tf.tensor2d(drawn.data, [drawn.rows, drawn.cols]);
    const variables = this.autoencoder.trainableVariables();
    const { value, grads } = tf.variableGrads(() => this.reconstructionError(batch), variables);
    const loss = value.dataSync()[0];
    if (!Number.isFinite(loss)) {
      tf.dispose([batch, value, ...Object.values(grads)]);
      throw new Error(`The reconstruction error became ${loss} at iteration ${this.iterationCount + 1}; lower the learning rate.`);
    }
    const record: AutoencoderIterationRecord = { iteration: this.iterationCount + 1, loss, learningRate: this.adam.learningRate };
    this.adam.apply(variables.map((v) => grads[v.name]));
    tf.dispose([batch, value, ...Object.values(grads)]);
    this.iterationCount += 1;
    this.iterationHistory.push(record);
    let validation: AutoencoderValidationRecord | undefined;
    if (this.iterationCount % this.settings.validateEvery === 0 || this.iterationCount === this.settings.iterations) {
      validation = { iteration: this.iterationCount, loss: this.validate() };
      this.validationHistory.push(validation);
      if (this.bestRecord === null || validation.loss < this.bestRecord.loss) {
        this.bestRecord = validation;
        this.bestWeights = this.autoencoder.getWeights();
      }
    }
    const { learningRateDropEvery, learningRateDropFactor } = this.settings;
    if (learningRateDropEvery > 0 && this.iterationCount % learningRateDropEvery === 0) this.adam.learningRate /= learningRateDropFactor;
    this.elapsed += performance.now() - started;
    return { iteration: this.iterationCount, iterations: this.settings.iterations, record, validation, best: this.bestRecord, elapsedMs: this.elapsed };
  }

  /** The mean squared reconstruction error over the validation set, in batches of the training batch size. */
  validate(): number {
    const rows = this.validationSet.shape[0];
    let total = 0;
    for (let start = 0; start < rows; start += this.settings.batchSize) {
      const count = Math.min(this.settings.batchSize, rows - start);
      const error = tf.tidy(() => this.reconstructionError(tf.slice(this.validationSet, [start, 0], [count, -1])));
      total += error.dataSync()[0] * count;
      error.dispose();
    }
    return total / rows;
  }

  /** A new autoencoder holding the best validated weights (the current ones before any validation); the caller owns it. */
  bestAutoencoder(): Autoencoder {
    return this.autoencoder.clone(this.bestWeights ?? undefined);
  }

  checkpoint(): AutoencoderCheckpoint {
    return {
      format: AUTOENCODER_CHECKPOINT_FORMAT,
      version: AUTOENCODER_CHECKPOINT_VERSION,
      config: { ...this.autoencoder.config, hidden: [...this.autoencoder.config.hidden] },
      settings: { ...this.settings },
      seed: this.seed,
      iteration: this.iterationCount,
      learningRate: this.adam.learningRate,
      elapsedMs: this.elapsed,
      weights: toArrays(this.autoencoder.getWeights()),
      adam: this.adam.getState(),
      batchSourceState: this.data.getState(),
      best: this.bestRecord && this.bestWeights ? { record: this.bestRecord, weights: toArrays(this.bestWeights) } : null,
      history: { iterations: [...this.iterationHistory], validations: [...this.validationHistory] },
    };
  }

  dispose(): void {
    this.validationSet.dispose();
    this.adam.dispose();
    this.autoencoder.dispose();
  }

  /** mean((decode(encode(x)) − x)²), PyTorch's MSELoss. */
  private reconstructionError(x: tf.Tensor2D): tf.Scalar {
    return tf.mean(tf.square(tf.sub(this.autoencoder.decode(this.autoencoder.encode(x)), x)));
  }
}
