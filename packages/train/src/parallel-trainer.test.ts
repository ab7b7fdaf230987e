import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { blobSource, checkpointAt, resumeInit, SMALL_SETTINGS, weightsOf } from '../test/training-fixtures';
import { batchedMeanCosts } from '@otflow/loss';
import { createFlowModel } from '@otflow/model';
import { parallelMeanCosts } from './parallel-mean-costs';
import { ParallelTrainer } from './parallel-trainer';
import { trainingSettings, type TrainingSettings } from './presets';
import { Trainer } from './trainer';

const init = (overrides: Partial<TrainingSettings> = {}) => ({
  settings: trainingSettings('8gaussians', { ...SMALL_SETTINGS, ...overrides }),
  data: blobSource(1),
  validation: blobSource(99).next(128),
  seed: 1,
});

/** Largest |a − b| over every entry, relative to the largest |b|. */
function relativeDifference(a: readonly number[][], b: readonly number[][]): number {
  const scale = Math.max(...b.flat().map(Math.abs));
  return Math.max(...a.flatMap((row, i) => row.map((value, j) => Math.abs(value - b[i][j])))) / scale;
}

describe('ParallelTrainer', () => {
  it('with one worker runs exactly as Trainer, on the calling thread', async () => {
    const single = new Trainer(init({ clampWeights: 1.5 }));
    await single.run();
    const parallel = await ParallelTrainer.create({ ...init({ clampWeights: 1.5 }), workers: 1 });
    await parallel.run();
    expect(weightsOf(parallel)).toEqual(weightsOf(single));
    expect(parallel.history).toEqual(single.history);
    expect(await parallel.workerTensorCounts()).toEqual([]);
    expect(parallel.checkpoint().workers).toBe(1);
    expect(single.checkpoint().workers).toBe(1);
    single.dispose();
    await parallel.dispose();
  });

  it('with two workers computes the batch gradient and the validation costs of the whole batch', async () => {
    const single = new Trainer(init());
    const parallel = await ParallelTrainer.create({ ...init(), workers: 2 });
    try {
      const [one, two] = [single.step(), await parallel.step()];
      for (const key of ['objective', 'transportCost', 'nll', 'hjb'] as const) {
        expect(Math.abs(two.record[key] - one.record[key])).toBeLessThan(1e-5 * Math.max(1, Math.abs(one.record[key])));
      }
      // Adam's first moment after one step is (1 − β1)·∂J/∂θ: the gradient, scaled.
      const gradient = (trainer: Trainer | ParallelTrainer) => trainer.checkpoint().adam.firstMoments;
      expect(relativeDifference(gradient(parallel), gradient(single))).toBeLessThan(1e-5);
      const [costs, shardedCosts] = [single.validate(), await parallel.validate()];
      expect(shardedCosts.count).toBe(128);
      expect(shardedCosts.objective).toBeCloseTo(costs.objective, 4);
      expect(shardedCosts.nll).toBeCloseTo(costs.nll, 5);
    } finally {
      single.dispose();
      await parallel.dispose();
    }
  });

  it('with two workers is deterministic, resumes exactly with the recorded count, and leaks no tensors', async () => {
    const uninterrupted = await ParallelTrainer.create({ ...init(), workers: 2 });
    for (let i = 0; i < 4; i++) await uninterrupted.step();
    const before = { main: tf.memory().numTensors, workers: await uninterrupted.workerTensorCounts() };
    // Across validations, a learning-rate drop and new batches.
    for (let i = 0; i < 4; i++) await uninterrupted.step();
    expect({ main: tf.memory().numTensors, workers: await uninterrupted.workerTensorCounts() }).toEqual(before);
    await uninterrupted.run();
    const expected = weightsOf(uninterrupted);
    await uninterrupted.dispose();

    const interrupted = await ParallelTrainer.create({ ...init(), workers: 2 });
    const saved = await checkpointAt(interrupted, 7);
    await interrupted.dispose();
    expect(saved.workers).toBe(2);
    expect((saved.history as { iterations: unknown[] }).iterations).toEqual(uninterrupted.history.iterations.slice(0, 7));

    const resumed = await ParallelTrainer.resume(saved, resumeInit());
    expect(resumed.workers).toBe(2);
    await resumed.run();
    expect(weightsOf(resumed)).toEqual(expected);
    expect(resumed.history).toEqual(uninterrupted.history);
    await resumed.dispose();

    // Told another count, it continues with that one (the rounding, and so the weights, differ slightly) and records it.
    const onOne = await ParallelTrainer.resume(saved, { ...resumeInit(), workers: 1 });
    await onOne.run();
    expect(onOne.checkpoint().workers).toBe(1);
    expect(onOne.iteration).toBe(12);
    await onOne.dispose();
  });

  it('parallelMeanCosts gives the mean costs of every row, exactly batchedMeanCosts on one worker', async () => {
    const model = createFlowModel('velocity', { d: 2, m: 8, nTh: 2, seed: 'mean-costs' });
    const points = blobSource(5).next(301);
    const options = { nt: 3, alph: [1, 20, 2], batchSize: 100 };
    const x = tf.tensor2d(points.data, [points.rows, 2]);
    const expected = batchedMeanCosts(model, x, options);
    x.dispose();
    expect(await parallelMeanCosts(model, points, { ...options, workers: 1 })).toEqual(expected);
    const sharded = await parallelMeanCosts(model, points, { ...options, workers: 2 });
    expect(sharded.count).toBe(301);
    for (const key of ['objective', 'transportCost', 'nll'] as const) expect(sharded[key]).toBeCloseTo(expected[key], 5);
    model.dispose();
  });

  it('rejects a bad worker count', async () => {
    await expect(ParallelTrainer.create({ ...init(), workers: 0 })).rejects.toThrow(/workers must be a positive integer .* got 0/);
  });
});
