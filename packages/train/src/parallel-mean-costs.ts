import * as tf from '@tensorflow/tfjs-core';
import { checkWorkerCount, defaultWorkerCount } from '@otflow/backend/node';
import { batchedMeanCosts, type BatchedCostOptions, type MeanCosts } from '@otflow/loss';
import type { FlowModel } from '@otflow/model';
import { checkPointBatch, type PointBatch } from './batch-source';
import { GradientWorkers } from './gradient-workers';
import type { WorkerOptions } from './parallel-trainer';
import { splitRows } from './shards';

/**
 * numerics §5's means of L, C, R and J over every row of `points` (as `batchedMeanCosts` gives them), with the rows
 * split into `workers` contiguous shards: the calling thread computes the first, worker threads the others. The same
 * split as a ParallelTrainer's validation; 1 worker is `batchedMeanCosts` itself.
 */
export async function parallelMeanCosts(model: FlowModel, points: PointBatch, options: BatchedCostOptions & WorkerOptions): Promise<MeanCosts> {
  const { workers = defaultWorkerCount(), ...costOptions } = options;
  const count = checkWorkerCount(workers);
  checkPointBatch(points, model.config.d, 'The points');
  const x = tf.tensor2d(points.data, [points.rows, points.cols]);
  try {
    const shards = splitRows(points.rows, count);
    if (shards.length === 1) return batchedMeanCosts(model, x, costOptions);
    const objective = { alph: costOptions.alph, nt: costOptions.nt, ntVal: costOptions.nt, batchSize: costOptions.batchSize ?? 4096 };
    const threads = await GradientWorkers.start(model, objective, shards.length - 1);
    try {
      await threads.setCostRows(points.data, points.cols, shards);
      return await threads.meanCosts(model, x, shards, costOptions);
    } finally {
      await threads.close();
    }
  } finally {
    x.dispose();
  }
}
