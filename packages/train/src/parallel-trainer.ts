import { checkWorkerCount, defaultWorkerCount } from '@otflow/backend/node';
import { batchedMeanCosts, type MeanCosts } from '@otflow/loss';
import { batchGradient, type BatchGradient } from './batch-gradient';
import { GradientWorkers } from './gradient-workers';
import { splitRows, type Shard } from './shards';
import { TrainingLoop, type ProgressEvent, type ResumeInit, type TrainerInit } from './training-loop';

export interface WorkerOptions {
  /**
   * How many shards the rows are split into: the calling thread computes the first, a worker thread each other one.
   * Default: one per core (os.availableParallelism()). 1 computes everything on the calling thread.
   */
  workers?: number;
}

export type ParallelTrainerInit = TrainerInit & WorkerOptions;

/**
 * A {@link Trainer} that uses every core in Node: each batch is split into fixed contiguous shards, one per worker
 * (the calling thread computes the first, worker threads with their own tfjs backend the others); each shard's
 * gradient of its own mean J is weighted by its share of the batch, so their sum is the batch's gradient. The calling
 * thread sums the shards in shard order, checks them, applies Adam and sends the new weights with the next request.
 * Validation is split the same way. A run is deterministic for a given worker count, which its checkpoints record;
 * with one worker it is exactly {@link Trainer}'s run.
 *
 * Create it with {@link ParallelTrainer.create} (or {@link ParallelTrainer.resume}), and end it with
 * {@link ParallelTrainer.dispose}, which stops the worker threads.
 */
export class ParallelTrainer extends TrainingLoop {
  readonly workers: number;
  private threads: GradientWorkers | null = null;
  /** The batch draw whose shards the workers hold (batchDraws counts draws from 1). */
  private batchDrawSent = 0;
  private readonly validationShards: Shard[];

  private constructor(init: TrainerInit, workers: number) {
    super(init);
    this.workers = workers;
    this.validationShards = splitRows(this.validationSet.shape[0], workers);
  }

  /** A new run; its worker threads are started and ready when the promise resolves. */
  static async create(init: ParallelTrainerInit): Promise<ParallelTrainer> {
    const { workers, ...trainerInit } = init;
    const trainer = new ParallelTrainer(trainerInit, checkWorkerCount(workers ?? defaultWorkerCount()));
    return trainer.startWorkers();
  }

  /**
   * Resumes a run where `checkpoint` left it; `data` and `validation` must be the ones it ran with. It continues with
   * the checkpoint's worker count, and then ends exactly as the uninterrupted run; another `workers` splits the
   * batches differently, so the results differ in float32 rounding.
   */
  static async resume(checkpoint: unknown, init: ResumeInit & WorkerOptions): Promise<ParallelTrainer> {
    const { workers, ...resumeInit } = init;
    const resumed = TrainingLoop.resumeInit(checkpoint, resumeInit);
    const trainer = new ParallelTrainer(resumed.init, checkWorkerCount(workers ?? resumed.saved.workers));
    try {
      trainer.restore(resumed.saved);
    } catch (error) {
      await trainer.dispose();
      throw error;
    }
    return trainer.startWorkers();
  }

  async step(): Promise<ProgressEvent> {
    const started = this.beginStep();
    const applied = this.applyGradient(started, await this.shardedGradient());
    return this.endStep(applied, applied.validationDue ? await this.validate() : undefined);
  }

  async validate(): Promise<MeanCosts> {
    const options = { nt: this.settings.ntVal, alph: this.alph, batchSize: this.settings.batchSize };
    if (this.threads === null || this.validationShards.length === 1) return batchedMeanCosts(this.model, this.validationSet, options);
    return this.threads.meanCosts(this.model, this.validationSet, this.validationShards, options);
  }

  /** tf.memory().numTensors in each worker thread (not the calling one), for leak checks. */
  async workerTensorCounts(): Promise<number[]> {
    return this.threads === null ? [] : this.threads.tensorCounts();
  }

  /** Frees every tensor of the run and stops the worker threads. */
  override async dispose(): Promise<void> {
    const threads = this.threads;
    this.threads = null;
    super.dispose();
    await threads?.close();
  }

  private async startWorkers(): Promise<ParallelTrainer> {
    if (this.workers === 1) return this;
    try {
      const { alph, settings } = this;
      this.threads = await GradientWorkers.start(this.model, { alph, nt: settings.nt, ntVal: settings.ntVal, batchSize: settings.batchSize }, this.workers - 1);
      await this.threads.setCostRows(this.validationSet.dataSync() as Float32Array, this.data.d, this.validationShards);
      return this;
    } catch (error) {
      await this.dispose();
      throw error;
    }
  }

  /** The batch's J and gradient: the calling thread's shard computed while the workers compute theirs, then summed. */
  private async shardedGradient(): Promise<BatchGradient> {
    const batch = this.batch!;
    const shards = splitRows(batch.shape[0], this.workers);
    if (this.threads === null || shards.length === 1) return batchGradient(this.model, batch, { nt: this.settings.nt, alph: this.alph });
    const values = this.batchDrawSent === this.batchDraws ? null : (batch.dataSync() as Float32Array);
    const gradient = await this.threads.gradient(this.model, batch, shards, values, this.settings.nt, this.alph);
    this.batchDrawSent = this.batchDraws;
    return gradient;
  }
}
