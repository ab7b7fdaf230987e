import * as tf from '@tensorflow/tfjs-core';
import { resolveAlph, type Alph, type MeanCosts } from '@otflow/loss';
import { createFlowModel, type FlowModel, type FlowModelKind, type WeightValues } from '@otflow/model';
import { Adam, disposeAdamSnapshot, type AdamSnapshot } from './adam';
import { checkPointBatch, type BatchSource, type PointBatch } from './batch-source';
import type { BatchGradient } from './batch-gradient';
import { checkTrainerCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type TrainerCheckpoint } from './checkpoint';
import { checkTrainingSettings, type TrainingSettings } from './presets';
import type { IterationRecord, ValidationRecord } from './records';

export type StopReason = 'completed' | 'early-stopped' | 'aborted' | 'diverged';

/** What a listener hears after every step. */
export interface ProgressEvent {
  iteration: number;
  iterations: number;
  record: IterationRecord;
  /** Set when this step ran a validation. */
  validation?: ValidationRecord;
  best: ValidationRecord | null;
  elapsedMs: number;
  /** Set when the divergence guard rolled this step back. */
  rolledBack?: string;
}

export interface TrainerInit {
  settings: TrainingSettings;
  /** Where training batches come from. */
  data: BatchSource;
  /** A fixed validation set, n × d (numerics §5: model selection uses its J). */
  validation: PointBatch;
  /** Seed of the model's initialization. */
  seed: number | string;
  /**
   * What is trained: `potential` (OT-Flow's Φ, the default) or `velocity` (the analysis' velocity network, numerics §6:
   * the same objective with R = 0).
   */
  modelKind?: FlowModelKind;
  /** Rank of the potential's quadratic term; default min(10, d+1). Not for a velocity network. */
  r?: number;
  /** How many consecutive non-finite steps the guard rolls back before it stops the run. Default 5. */
  maxRollbacks?: number;
}

/** What {@link Trainer.resume} needs besides the checkpoint: the data the run trained on. */
export type ResumeInit = Omit<TrainerInit, 'settings' | 'seed' | 'r' | 'modelKind'>;

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the run (with reason 'aborted') before the next step once aborted. */
  signal?: AbortSignal;
  /** Calls `onCheckpoint` every this many iterations (and when the run stops). 0: never. */
  checkpointEvery?: number;
  onCheckpoint?: (checkpoint: TrainerCheckpoint) => void | Promise<void>;
}

export interface TrainingResult {
  stopReason: StopReason;
  /** Why the run stopped, in words. */
  message: string;
  iterations: number;
  best: ValidationRecord | null;
  elapsedMs: number;
}

interface WeightSnapshot {
  weights: tf.Tensor[];
  adam: AdamSnapshot;
  learningRate: number;
}

/** A step after its gradient was applied (or rolled back), before validation and the schedule. */
interface AppliedStep {
  started: number;
  record: IterationRecord;
  rolledBack: string | undefined;
  /** The run had not stopped before this step's validation: validation, drops and resampling follow. */
  continuing: boolean;
  validationDue: boolean;
}

/** Lets signal handlers and worker messages run between steps (Node: setImmediate; browsers: a macrotask). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Everything a training run is besides where its gradients and validation costs are computed: the model, Adam, the
 * batches, the divergence guard, validation bookkeeping with the best-model snapshot, the learning-rate schedule,
 * early stopping, checkpoints and the run loop. {@link Trainer} computes on the calling thread; the Node entry's
 * ParallelTrainer splits each batch over worker threads.
 */
export abstract class TrainingLoop {
  readonly settings: TrainingSettings;
  /** The model being trained; `model.kind` says which. */
  readonly model: FlowModel;
  readonly alph: Alph;
  readonly seed: number | string;
  /** How many shards each batch and the validation set are split into (1: computed whole, on one thread). */
  abstract readonly workers: number;
  protected readonly data: BatchSource;
  protected readonly validationSet: tf.Tensor2D;
  protected readonly adam: Adam;
  private readonly maxRollbacks: number;
  private iterationCount = 0;
  private elapsed = 0;
  protected batch: tf.Tensor2D | null = null;
  /** Counts the batches drawn, so that a copy of the batch elsewhere knows when it is stale. */
  protected batchDraws = 0;
  /** The data source's state before it drew the current batch: a checkpoint replays that draw. */
  private batchSourceState: unknown = null;
  private bestRecord: ValidationRecord | null = null;
  private bestWeights: WeightValues | null = null;
  private validationsSinceImprovement = 0;
  private plateauDrops = 0;
  private consecutiveRollbacks = 0;
  private stopped: { reason: StopReason; message: string } | null = null;
  private readonly iterationHistory: IterationRecord[] = [];
  private readonly validationHistory: ValidationRecord[] = [];
  private lastGood: WeightSnapshot | null = null;

  protected constructor(init: TrainerInit) {
    this.settings = checkTrainingSettings({ ...init.settings });
    this.alph = resolveAlph(init.settings.alph);
    this.seed = init.seed;
    this.data = init.data;
    const d = init.data.d;
    if (!Number.isInteger(d) || d < 1) throw new Error(`The data source's dimension d must be a positive integer, got ${d}.`);
    checkPointBatch(init.validation, d, 'The validation set');
    this.maxRollbacks = init.maxRollbacks ?? 5;
    this.model = createFlowModel(init.modelKind ?? 'potential', {
      d,
      m: this.settings.m,
      nTh: this.settings.nTh,
      r: init.r,
      seed: init.seed,
    });
    this.adam = new Adam(this.model.trainableVariables(), { learningRate: this.settings.learningRate });
    this.validationSet = tf.tensor2d(init.validation.data, [init.validation.rows, d]);
  }

  /** The init of a new run that continues `checkpoint` (checked) on `init`'s data. */
  protected static resumeInit(checkpoint: unknown, init: ResumeInit): { saved: TrainerCheckpoint; init: TrainerInit } {
    const saved = checkTrainerCheckpoint(checkpoint);
    if (saved.config.d !== init.data.d) {
      throw new Error(`The checkpoint was trained on d = ${saved.config.d} data, but the data source has d = ${init.data.d}.`);
    }
    return {
      saved,
      init: {
        ...init,
        settings: saved.settings,
        seed: saved.seed,
        modelKind: saved.modelKind,
        r: 'r' in saved.config ? saved.config.r : undefined,
      },
    };
  }

  /** Returns this (new) run to the state `saved` recorded, and redraws the batch it was training on. */
  protected restore(saved: TrainerCheckpoint): void {
    this.model.setWeights(saved.weights);
    this.adam.setState(saved.adam);
    this.adam.learningRate = saved.learningRate;
    this.iterationCount = saved.iteration;
    this.elapsed = saved.elapsedMs;
    this.bestRecord = saved.best?.record ?? null;
    this.bestWeights = saved.best
      ? Object.fromEntries(Object.entries(saved.best.weights).map(([name, v]) => [name, Float32Array.from(v)]))
      : null;
    this.validationsSinceImprovement = saved.plateau.validationsSinceImprovement;
    this.plateauDrops = saved.plateau.drops;
    this.iterationHistory.push(...saved.history.iterations);
    this.validationHistory.push(...saved.history.validations);
    this.data.setState(saved.batchSourceState);
    this.drawBatch();
  }

  /** One optimizer step, then validation, learning-rate drops and resampling as the settings say. */
  abstract step(): ProgressEvent | Promise<ProgressEvent>;

  /** numerics §5's costs on the validation set with nt_val steps. */
  abstract validate(): MeanCosts | Promise<MeanCosts>;

  get iteration(): number {
    return this.iterationCount;
  }

  get learningRate(): number {
    return this.adam.learningRate;
  }

  get best(): ValidationRecord | null {
    return this.bestRecord;
  }

  get history(): { iterations: readonly IterationRecord[]; validations: readonly ValidationRecord[] } {
    return { iterations: this.iterationHistory, validations: this.validationHistory };
  }

  get stopReason(): StopReason | null {
    return this.stopped?.reason ?? null;
  }

  get isFinished(): boolean {
    return this.stopped !== null || this.iterationCount >= this.settings.iterations;
  }

  /** Runs steps until the iteration budget, early stopping, divergence or `signal` ends the run. */
  async run(options: RunOptions = {}): Promise<TrainingResult> {
    const checkpointEvery = options.checkpointEvery ?? 0;
    while (!this.isFinished) {
      if (options.signal?.aborted) {
        this.stopped = { reason: 'aborted', message: `Stopped by request after iteration ${this.iterationCount}.` };
        break;
      }
      const event = await this.step();
      options.onProgress?.(event);
      if (checkpointEvery > 0 && this.iterationCount % checkpointEvery === 0 && !this.isFinished) {
        await options.onCheckpoint?.(this.checkpoint());
      }
      await yieldToEventLoop();
    }
    await options.onCheckpoint?.(this.checkpoint());
    return this.result();
  }

  result(): TrainingResult {
    const reason = this.stopped?.reason ?? 'completed';
    const message = this.stopped?.message ?? `Completed ${this.iterationCount} iterations.`;
    return { stopReason: reason, message, iterations: this.iterationCount, best: this.bestRecord, elapsedMs: this.elapsed };
  }

  /** A new model holding the best validated weights (the current ones if no validation ran yet); the caller owns it. */
  bestModel(): FlowModel {
    return this.model.clone(this.bestWeights ?? undefined);
  }

  /** Everything needed to resume this run exactly, as plain JSON-safe data. */
  checkpoint(): TrainerCheckpoint {
    const toArrays = (values: WeightValues) =>
      Object.fromEntries(Object.entries(values).map(([name, v]) => [name, Array.from(v)]));
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      modelKind: this.model.kind,
      config: { ...this.model.config },
      settings: { ...this.settings },
      seed: this.seed,
      workers: this.workers,
      iteration: this.iterationCount,
      learningRate: this.adam.learningRate,
      elapsedMs: this.elapsed,
      weights: toArrays(this.model.getWeights()),
      adam: this.adam.getState(),
      batchSourceState: this.batchSourceState,
      best: this.bestRecord && this.bestWeights ? { record: this.bestRecord, weights: toArrays(this.bestWeights) } : null,
      plateau: { validationsSinceImprovement: this.validationsSinceImprovement, drops: this.plateauDrops },
      history: { iterations: [...this.iterationHistory], validations: [...this.validationHistory] },
    };
  }

  dispose(): void | Promise<void> {
    this.disposeLastGood();
    this.batch?.dispose();
    this.validationSet.dispose();
    this.adam.dispose();
    this.model.dispose();
  }

  /** A step's start: the batch drawn if none is, the weights clamped if the settings say so. Returns the start time. */
  protected beginStep(): number {
    if (this.isFinished) throw new Error('This run has finished; start a new Trainer or resume from a checkpoint.');
    const started = performance.now();
    if (this.batch === null) this.drawBatch();
    if (this.settings.clampWeights > 0) this.clampWeights(this.model.trainableVariables());
    return started;
  }

  /**
   * Records the batch's costs and applies the gradient with Adam when the costs and the gradient are finite;
   * otherwise the divergence guard rolls the step back. Frees the gradient.
   */
  protected applyGradient(started: number, gradient: BatchGradient): AppliedStep {
    const gradientSums = tf.tidy(() => tf.stack(gradient.gradients.map((g) => tf.sum(tf.abs(g)))));
    const checks = [...gradient.terms, ...gradientSums.dataSync()];
    gradientSums.dispose();
    const [objective, transportCost, nll, hjb] = gradient.terms;
    const learningRate = this.adam.learningRate;
    const nextIteration = this.iterationCount + 1;
    const record: IterationRecord = { iteration: nextIteration, objective, transportCost, nll, hjb, learningRate };

    let rolledBack: string | undefined;
    if (checks.every(Number.isFinite)) {
      this.consecutiveRollbacks = 0;
      this.saveLastGood();
      this.adam.apply(gradient.gradients);
    } else {
      rolledBack = this.rollBack(nextIteration);
    }
    tf.dispose(gradient.gradients);

    this.iterationCount = nextIteration;
    this.iterationHistory.push(record);
    const continuing = !this.stopped;
    const validationDue = continuing && (nextIteration % this.settings.validateEvery === 0 || nextIteration === this.settings.iterations);
    return { started, record, rolledBack, continuing, validationDue };
  }

  /**
   * Ends a step: records its validation costs (if it ran one: best model, plateaus, early stopping), drops the
   * learning rate and draws a fresh batch when due.
   */
  protected endStep(step: AppliedStep, costs?: MeanCosts): ProgressEvent {
    const validation = costs === undefined ? undefined : this.recordValidation(costs);
    const iteration = this.iterationCount;
    if (step.continuing) {
      const { learningRateDropEvery, learningRateDropFactor } = this.settings;
      if (learningRateDropEvery > 0 && iteration % learningRateDropEvery === 0) {
        this.adam.learningRate /= learningRateDropFactor;
      }
      if (iteration % this.settings.resampleEvery === 0) this.drawBatch();
    }
    this.elapsed += performance.now() - step.started;
    return {
      iteration,
      iterations: this.settings.iterations,
      record: step.record,
      validation,
      best: this.bestRecord,
      elapsedMs: this.elapsed,
      rolledBack: step.rolledBack,
    };
  }

  private saveLastGood(): void {
    this.disposeLastGood();
    this.lastGood = {
      weights: this.model.trainableVariables().map((v) => tf.keep(tf.clone(v))),
      adam: this.adam.snapshot(),
      learningRate: this.adam.learningRate,
    };
  }

  private disposeLastGood(): void {
    if (!this.lastGood) return;
    tf.dispose(this.lastGood.weights);
    disposeAdamSnapshot(this.lastGood.adam);
    this.lastGood = null;
  }

  /** The divergence guard: back to the last step with finite costs and gradients, at a lower learning rate. */
  private rollBack(iteration: number): string {
    this.consecutiveRollbacks += 1;
    if (this.consecutiveRollbacks > this.maxRollbacks || !this.lastGood) {
      const why = this.lastGood
        ? `${this.maxRollbacks} roll-backs with lower learning rates did not help`
        : 'there is no earlier finite state to return to';
      this.stopped = {
        reason: 'diverged',
        message:
          `Training diverged at iteration ${iteration}: the objective or its gradient is not finite and ${why}. ` +
          'Try a smaller learning rate, more RK4 steps (nt), weight clamping, or standardized data.',
      };
      return this.stopped.message;
    }
    const variables = this.model.trainableVariables();
    variables.forEach((v, i) => v.assign(this.lastGood!.weights[i]));
    this.adam.restore(this.lastGood.adam);
    this.adam.learningRate = this.lastGood.learningRate / this.settings.learningRateDropFactor;
    return (
      `Non-finite objective or gradient at iteration ${iteration}: rolled back to the last finite step and lowered the ` +
      `learning rate to ${this.adam.learningRate}.`
    );
  }

  private clampWeights(variables: tf.Variable[]): void {
    const limit = this.settings.clampWeights;
    tf.tidy(() => {
      for (const v of variables) v.assign(tf.clipByValue(v, -limit, limit));
    });
  }

  private drawBatch(): void {
    this.batchSourceState = this.data.getState();
    const batch = this.data.next(this.settings.batchSize);
    checkPointBatch(batch, this.data.d, 'A training batch');
    this.batch?.dispose();
    this.batch = tf.tensor2d(batch.data, [batch.rows, batch.cols]);
    this.batchDraws += 1;
  }

  private recordValidation(costs: MeanCosts): ValidationRecord {
    const record: ValidationRecord = {
      iteration: this.iterationCount,
      objective: costs.objective,
      transportCost: costs.transportCost,
      nll: costs.nll,
      hjb: costs.hjb,
    };
    this.validationHistory.push(record);
    if (Number.isFinite(record.objective) && (this.bestRecord === null || record.objective < this.bestRecord.objective)) {
      this.bestRecord = record;
      this.bestWeights = this.model.getWeights();
      this.validationsSinceImprovement = 0;
    } else {
      this.validationsSinceImprovement += 1;
    }
    const patience = this.settings.earlyStoppingPatience;
    if (patience > 0 && this.validationsSinceImprovement >= patience) {
      if (this.plateauDrops < this.settings.maxPlateauDrops) {
        this.plateauDrops += 1;
        this.validationsSinceImprovement = 0;
        this.adam.learningRate /= this.settings.learningRateDropFactor;
      } else {
        this.stopped = {
          reason: 'early-stopped',
          message:
            `Early stop at iteration ${this.iterationCount}: validation J has not improved for ${patience} validations ` +
            `after ${this.plateauDrops} learning-rate drops; best J ${this.bestRecord?.objective.toFixed(4)} at ` +
            `iteration ${this.bestRecord?.iteration}.`,
        };
      }
    }
    return record;
  }
}
