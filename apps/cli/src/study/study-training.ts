import * as tf from '@tensorflow/tfjs-core';
import type { DataMatrix, GaussianData } from '@otflow/datasets';
import { sampleCosts } from '@otflow/loss';
import type { FlowModel, FlowModelKind, WeightValues } from '@otflow/model';
import type { BatchSource, PointBatch, TrainingSettings } from '@otflow/train';
import { ParallelTrainer } from '@otflow/train/node';

/** The optimization budget every run of a study gets. */
export interface StudyBudget {
  m: number;
  nTh: number;
  /** RK4 steps in training and validation. */
  nt: number;
  /** RK4 steps for the test measurements. */
  ntTest: number;
  batchSize: number;
  iterations: number;
  learningRate: number;
  /** Halve the learning rate every this many iterations. */
  learningRateDropEvery: number;
  /** A fresh batch every this many iterations (ignored by a finite training set's own order). */
  resampleEvery: number;
  validateEvery: number;
}

/** Test-set means (numerics §5, §6) of one trained model. */
export interface TestMeasurements {
  /** Mean transport cost L. */
  transportCost: number;
  /** Mean C: the test NLL in nats. */
  nll: number;
  /** Mean HJB residual R. */
  hjb: number;
  /** J = α_L L + α_C C + α_R R. */
  objective: number;
  /** Mean ‖f(x) − T(x)‖ against the closed-form OT map, or null without one. */
  mapError: number | null;
}

const EVALUATION_ROWS = 4096;

/** One training run of a study. */
export interface StudyTraining {
  kind: FlowModelKind;
  data: BatchSource;
  validation: PointBatch;
  alph: [number, number, number];
  budget: StudyBudget;
  seed: number;
  signal: AbortSignal;
  /** Threads the batches are split over. */
  workers: number;
  /** Weights to start from instead of the seeded initialization (a continuation in α starts from the last α's model). */
  initialWeights?: WeightValues;
}

/** Trains a model of `kind` on `data` with the budget; returns the best validated model (the caller owns it). */
export async function trainStudyModel(run: StudyTraining): Promise<{ model: FlowModel; aborted: boolean }> {
  const { kind, data, validation, alph, budget, seed, signal, workers } = run;
  const settings: TrainingSettings = {
    m: budget.m,
    nTh: budget.nTh,
    nt: budget.nt,
    ntVal: budget.nt,
    batchSize: budget.batchSize,
    alph,
    iterations: budget.iterations,
    learningRate: budget.learningRate,
    learningRateDropEvery: budget.learningRateDropEvery,
    learningRateDropFactor: 2,
    resampleEvery: budget.resampleEvery,
    validateEvery: budget.validateEvery,
    validationSize: validation.rows,
    earlyStoppingPatience: 0,
    maxPlateauDrops: 0,
    clampWeights: 0,
  };
  const trainer = await ParallelTrainer.create({ settings, data, validation, seed, modelKind: kind, workers });
  try {
    if (run.initialWeights) trainer.model.setWeights(run.initialWeights);
    const result = await trainer.run({ signal });
    if (result.stopReason === 'diverged') throw new Error(result.message);
    return { model: trainer.bestModel(), aborted: result.stopReason === 'aborted' };
  } finally {
    await trainer.dispose();
  }
}

/** numerics §5's costs over every row of `points` with `nt` RK4 steps, and the map error against `gaussian`'s OT map. */
export function measureOnSet(
  model: FlowModel,
  points: DataMatrix,
  alph: readonly [number, number, number],
  nt: number,
  gaussian: GaussianData | null,
): TestMeasurements {
  const target = gaussian ? gaussian.otMap(points).data : null;
  const sums = { transportCost: 0, nll: 0, hjb: 0, mapError: 0 };
  const { rows, cols } = points;
  for (let start = 0; start < rows; start += EVALUATION_ROWS) {
    const count = Math.min(EVALUATION_ROWS, rows - start);
    const batchSums = tf.tidy(() => {
      const x = tf.tensor2d(points.data.subarray(start * cols, (start + count) * cols), [count, cols]);
      const costs = sampleCosts(model, x, { nt, alph });
      const mapDistance = target
        ? tf.sum(tf.sqrt(tf.sum(tf.square(tf.sub(costs.z, tf.tensor2d(target.subarray(start * cols, (start + count) * cols), [count, cols]))), 1)))
        : tf.scalar(0);
      return tf.stack([tf.sum(costs.transportCost), tf.sum(costs.nll), tf.sum(costs.hjb), mapDistance]);
    });
    const [transportCost, nll, hjb, mapError] = batchSums.dataSync();
    batchSums.dispose();
    sums.transportCost += transportCost;
    sums.nll += nll;
    sums.hjb += hjb;
    sums.mapError += mapError;
  }
  const transportCost = sums.transportCost / rows;
  const nll = sums.nll / rows;
  const hjb = sums.hjb / rows;
  return {
    transportCost,
    nll,
    hjb,
    objective: alph[0] * transportCost + alph[1] * nll + alph[2] * hjb,
    mapError: gaussian ? sums.mapError / rows : null,
  };
}
