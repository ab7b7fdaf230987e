import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '@otflow/backend';
import { siblingWorkerModule, WorkerPool } from '@otflow/backend/node';
import { batchedMeanCosts, type BatchedCostOptions, type MeanCosts } from '@otflow/loss';
import type { FlowModel } from '@otflow/model';
import { batchGradient, type BatchGradient } from './batch-gradient';
import type { GradientRequest, GradientWorkerInit, ShardGradient } from './gradient-messages';
import { packValues, unpackValues } from './packed-values';
import type { Shard } from './shards';

/** What the workers evaluate: numerics §5's objective with its weights and RK4 steps. */
export interface ShardObjective {
  alph: readonly number[];
  /** RK4 steps of a training gradient. */
  nt: number;
  /** RK4 steps of the mean costs (validation). */
  ntVal: number;
  /** Rows per pass of the mean costs. */
  batchSize: number;
}

/**
 * Worker threads that each hold a copy of a model and compute, for their shard of the rows, J's gradient or numerics §5's
 * mean costs. Shard k ≥ 1 of a split goes to worker k − 1: the calling thread computes shard 0 itself (with the same
 * functions), so that one worker count's results are the same whichever thread computes what.
 */
export class GradientWorkers {
  private constructor(private readonly pool: WorkerPool) {}

  /** Starts `threads` workers with `model`'s kind, architecture and weights, on the calling thread's backend. */
  static async start(model: FlowModel, objective: ShardObjective, threads: number): Promise<GradientWorkers> {
    const init: GradientWorkerInit = {
      backend: tf.getBackend() as BackendName,
      modelKind: model.kind,
      config: { ...model.config },
      weights: model.getWeights(),
      alph: [...objective.alph],
      nt: objective.nt,
      ntVal: objective.ntVal,
      validationBatchSize: objective.batchSize,
    };
    const pool = await WorkerPool.start(siblingWorkerModule(import.meta.url, 'gradient-worker'), { size: threads, workerData: init, role: 'training' });
    return new GradientWorkers(pool);
  }

  /** Gives worker k − 1 shard k of the rows `values` (n × d, row-major), kept for every later {@link meanCosts}. */
  async setCostRows(values: Float32Array, d: number, shards: readonly Shard[]): Promise<void> {
    await Promise.all(
      shards.slice(1).map((shard, worker) =>
        this.pool.request(worker, { kind: 'validation-set', data: rowsOf(values, shard, d), rows: shard.rows } satisfies GradientRequest),
      ),
    );
  }

  /**
   * The batch's J and gradient: shards 1… computed by the workers while the calling thread computes shard 0, then
   * combined. `values` is the batch (n × d) when the workers do not hold its shards yet, else null.
   */
  async gradient(model: FlowModel, batch: tf.Tensor2D, shards: readonly Shard[], values: Float32Array | null, nt: number, alph: readonly number[]): Promise<BatchGradient> {
    const weights = packValues(model.trainableVariables());
    const d = batch.shape[1];
    const answers = Promise.all(
      shards.slice(1).map((shard, worker) => {
        const request: GradientRequest = { kind: 'gradient', weights, batch: values ? { data: rowsOf(values, shard, d), rows: shard.rows } : undefined };
        return this.pool.request<ShardGradient>(worker, request);
      }),
    );
    // Awaited below; should the calling thread's own shard throw first, a worker's failure is not left unhandled.
    answers.catch(() => undefined);
    const local = onRows(batch, shards[0], (own) => batchGradient(model, own, { nt, alph }));
    let remote: ShardGradient[];
    try {
      remote = await answers;
    } catch (error) {
      tf.dispose(local.gradients);
      throw error;
    }
    return combineShards(shards, local, remote);
  }

  /**
   * numerics §5's means over rows `x` split as {@link setCostRows} gave them: the workers' shards, and shard 0 on the
   * calling thread.
   */
  async meanCosts(model: FlowModel, x: tf.Tensor2D, shards: readonly Shard[], options: BatchedCostOptions): Promise<MeanCosts> {
    const request: GradientRequest = { kind: 'validate', weights: packValues(model.trainableVariables()) };
    const answers = Promise.all(shards.slice(1).map((_, worker) => this.pool.request<MeanCosts>(worker, request)));
    answers.catch(() => undefined);
    const local = onRows(x, shards[0], (own) => batchedMeanCosts(model, own, options));
    return combineCosts([local, ...(await answers)], options.alph);
  }

  /** tf.memory().numTensors in each worker, for leak checks. */
  tensorCounts(): Promise<number[]> {
    return Promise.all(Array.from({ length: this.pool.size }, (_, worker) => this.pool.request<number>(worker, { kind: 'tensor-count' } satisfies GradientRequest)));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function rowsOf(values: Float32Array, shard: Shard, d: number): Float32Array {
  return values.slice(shard.start * d, (shard.start + shard.rows) * d);
}

/** `compute` on the rows of `shard` of `x`; the slice is freed after. */
function onRows<T>(x: tf.Tensor2D, shard: Shard, compute: (rows: tf.Tensor2D) => T): T {
  const rows = tf.slice(x, [shard.start, 0], [shard.rows, x.shape[1]]);
  try {
    return compute(rows);
  } finally {
    rows.dispose();
  }
}

/**
 * The batch's J and gradient from its shards': each shard's mean weighted by its share of the rows, summed in shard
 * order (a fixed order, so the float32 sums are the same on every run). Frees the local shard's gradients.
 */
function combineShards(shards: readonly Shard[], local: BatchGradient, remote: ShardGradient[]): BatchGradient {
  const rows = shards.reduce((sum, shard) => sum + shard.rows, 0);
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

/** numerics §5's means over all rows from their shards' means, weighted by their rows. */
function combineCosts(parts: MeanCosts[], alph: readonly number[]): MeanCosts {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const mean = (key: 'transportCost' | 'nll' | 'hjb') => parts.reduce((sum, part) => sum + part.count * part[key], 0) / count;
  const transportCost = mean('transportCost');
  const nll = mean('nll');
  const hjb = mean('hjb');
  return { objective: alph[0] * transportCost + alph[1] * nll + alph[2] * hjb, transportCost, nll, hjb, count };
}
