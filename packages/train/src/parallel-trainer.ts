import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '@otflow/backend';
import { checkWorkerCount, defaultWorkerCount, siblingWorkerModule, WorkerPool } from '@otflow/backend/node';
import { batchedMeanCosts, type MeanCosts } from '@otflow/loss';
import { batchGradient, type BatchGradient } from './batch-gradient';
import type { GradientRequest, GradientWorkerInit, ShardGradient } from './gradient-messages';
import { packValues, unpackValues } from './packed-values';
import { splitRows, type Shard } from './shards';
import { TrainingLoop, type ProgressEvent, type ResumeInit, type TrainerInit } from './training-loop';

export interface WorkerOptions {
  /**
   * How many shards each batch and the validation set are split into: the calling thread computes the first, a
   * worker thread each other one. Default: one per core (os.availableParallelism()). 1 computes everything on the
   * calling thread, exactly as {@link Trainer} does.
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
  private pool: WorkerPool | null = null;
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
    const pool = this.pool;
    if (pool === null || this.validationShards.length === 1) return batchedMeanCosts(this.model, this.validationSet, options);
    const request: GradientRequest = { kind: 'validate', weights: packValues(this.model.trainableVariables()) };
    const answers = Promise.all(this.validationShards.slice(1).map((_, worker) => pool.request<MeanCosts>(worker, request)));
    answers.catch(() => undefined);
    const first = this.validationShards[0];
    const own = tf.slice(this.validationSet, [0, 0], [first.rows, -1]);
    let local: MeanCosts;
    try {
      local = batchedMeanCosts(this.model, own, options);
    } finally {
      own.dispose();
    }
    return combineCosts([local, ...(await answers)], this.alph);
  }

  /** tf.memory().numTensors in each worker thread (not the calling one), for leak checks. */
  async workerTensorCounts(): Promise<number[]> {
    const pool = this.pool;
    if (pool === null) return [];
    return Promise.all(Array.from({ length: pool.size }, (_, worker) => pool.request<number>(worker, { kind: 'tensor-count' })));
  }

  /** Frees every tensor of the run and stops the worker threads. */
  override async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    super.dispose();
    await pool?.close();
  }

  private async startWorkers(): Promise<ParallelTrainer> {
    if (this.workers === 1) return this;
    try {
      const init: GradientWorkerInit = {
        backend: tf.getBackend() as BackendName,
        modelKind: this.model.kind,
        config: { ...this.model.config },
        weights: this.model.getWeights(),
        alph: [...this.alph],
        nt: this.settings.nt,
        ntVal: this.settings.ntVal,
        validationBatchSize: this.settings.batchSize,
      };
      const pool = await WorkerPool.start(siblingWorkerModule(import.meta.url, 'gradient-worker'), {
        size: this.workers - 1,
        workerData: init,
        role: 'training',
      });
      this.pool = pool;
      const rows = this.validationSet.dataSync() as Float32Array;
      const d = this.data.d;
      await Promise.all(
        this.validationShards.slice(1).map((shard, worker) =>
          pool.request(worker, {
            kind: 'validation-set',
            data: rows.slice(shard.start * d, (shard.start + shard.rows) * d),
            rows: shard.rows,
          } satisfies GradientRequest),
        ),
      );
      return this;
    } catch (error) {
      await this.dispose();
      throw error;
    }
  }

  /** The batch's J and gradient: the calling thread's shard computed while the workers compute theirs, then summed. */
  private async shardedGradient(): Promise<BatchGradient> {
    const batch = this.batch!;
    const options = { nt: this.settings.nt, alph: this.alph };
    const rows = batch.shape[0];
    const shards = splitRows(rows, this.workers);
    const pool = this.pool;
    if (pool === null || shards.length === 1) return batchGradient(this.model, batch, options);
    const weights = packValues(this.model.trainableVariables());
    const fresh = this.batchDrawSent !== this.batchDraws;
    const values = fresh ? (batch.dataSync() as Float32Array) : null;
    const d = this.data.d;
    const answers = Promise.all(
      shards.slice(1).map((shard, worker) => {
        const request: GradientRequest = {
          kind: 'gradient',
          weights,
          batch: values ? { data: values.slice(shard.start * d, (shard.start + shard.rows) * d), rows: shard.rows } : undefined,
        };
        return pool.request<ShardGradient>(worker, request);
      }),
    );
    // Awaited below; should the calling thread's own shard throw first, a worker's failure is not left unhandled.
    answers.catch(() => undefined);
    const own = tf.slice(batch, [0, 0], [shards[0].rows, d]);
    let local: BatchGradient;
    try {
      local = batchGradient(this.model, own, options);
    } finally {
      own.dispose();
    }
    let remote: ShardGradient[];
    try {
      remote = await answers;
    } catch (error) {
      tf.dispose(local.gradients);
      throw error;
    }
    this.batchDrawSent = this.batchDraws;
    return combineShards(shards, rows, local, remote);
  }
}

/**
 * The batch's J and gradient from its shards': each shard's mean weighted by its share of the rows, summed in shard
 * order (a fixed order, so the float32 sums are the same on every run). Frees the local shard's gradients.
 */
function combineShards(shards: Shard[], rows: number, local: BatchGradient, remote: ShardGradient[]): BatchGradient {
  const shares = shards.map((shard) => shard.rows / rows);
  const terms = local.terms.map((value, t) =>
    remote.reduce((sum, shard, k) => sum + shares[k + 1] * shard.terms[t], shares[0] * value),
  ) as BatchGradient['terms'];
  const gradients = tf.tidy(() => {
    const remoteGradients = remote.map((shard) => unpackValues(shard.gradients, local.gradients));
    return local.gradients.map((gradient, i) =>
      remoteGradients.reduce((sum, shard, k) => tf.add(sum, tf.mul(shard[i], shares[k + 1])), tf.mul(gradient, shares[0])),
    );
  });
  tf.dispose(local.gradients);
  return { terms, gradients };
}

/** numerics §5's means over the whole validation set from its shards' means, weighted by their rows. */
function combineCosts(parts: MeanCosts[], alph: readonly number[]): MeanCosts {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const mean = (key: 'transportCost' | 'nll' | 'hjb') => parts.reduce((sum, part) => sum + part.count * part[key], 0) / count;
  const transportCost = mean('transportCost');
  const nll = mean('nll');
  const hjb = mean('hjb');
  return { objective: alph[0] * transportCost + alph[1] * nll + alph[2] * hjb, transportCost, nll, hjb, count };
}
