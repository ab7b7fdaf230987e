import { join } from 'node:path';
import { matrixBatchSource } from '@otflow/datasets';
import type { FlowModelKind } from '@otflow/model';
import { Random } from '@otflow/random';
import { studyData, type StudyOptions } from './study-data';
import { openStudyResults } from './study-results';
import { runStudySweep } from './study-sweep';
import { measureOnSet, trainStudyModel } from './study-training';

export interface SamplesStudyOptions extends StudyOptions {
  sizes: readonly number[];
  alph: [number, number, number];
}

/** One training-set size N of the samples study. */
export interface SamplesRun {
  kind: FlowModelKind;
  n: number;
  /** J over the whole (fixed) training set. */
  trainObjective: number;
  testObjective: number;
  /** Test J minus training J: how far the Monte Carlo loss over N points is from the population loss. */
  generalizationGap: number;
  testNll: number;
  /** Test NLL minus the test points' own mean −log ρ0: the model's KL divergence from the data, paired per point. */
  testKlPaired: number;
  wallSeconds: number;
}

/**
 * The Monte Carlo side of numerics §6: for each N and each model kind, trains on one fixed set of N points from N(μ, Σ)
 * (no resampling; batches of min(N, batch) rows pass over it; the same set for both kinds) and compares J on that set
 * with J on held-out data. Resumable like the alpha study.
 */
export async function runSamplesStudy(options: SamplesStudyOptions): Promise<{ runs: SamplesRun[]; complete: boolean }> {
  const { d, sizes, alph, modelKinds, budget, testSize, seed, outDir, signal, log, workers } = options;
  const { gaussian, test, testCrossEntropy, validation } = studyData(d, seed, testSize);
  const path = join(outDir, 'results.json');
  const results = await openStudyResults<SamplesRun>(path, 'samples', { d, sizes, alph, budget, testSize, seed });

  /** One run: null when it was interrupted. */
  async function trainAndMeasure(kind: FlowModelKind, n: number): Promise<SamplesRun | null> {
    const started = performance.now();
    // Its own stream per N (not a fork of root, which advances it): the same set for both kinds, and after a resume.
    const train = gaussian.sample(n, new Random(`${seed}:train:${n}`));
    const data = matrixBatchSource(train, { seed: `${seed}:order:${n}` });
    // A fixed set: a new shuffled batch every step (an epoch's worth of steps sees every point once).
    const runBudget = { ...budget, batchSize: Math.min(n, budget.batchSize), resampleEvery: 1 };
    const { model, aborted } = await trainStudyModel({ kind, data, validation, alph, budget: runBudget, seed, signal, workers });
    try {
      if (aborted) return null;
      const onTrain = measureOnSet(model, train, alph, budget.ntTest, null);
      const onTest = measureOnSet(model, test, alph, budget.ntTest, null);
      return {
        kind,
        n,
        trainObjective: onTrain.objective,
        testObjective: onTest.objective,
        generalizationGap: onTest.objective - onTrain.objective,
        testNll: onTest.nll,
        testKlPaired: onTest.nll - testCrossEntropy,
        wallSeconds: (performance.now() - started) / 1000,
      };
    } finally {
      model.dispose();
    }
  }

  return runStudySweep({
    settings: sizes,
    modelKinds,
    results,
    path,
    signal,
    log,
    settingOf: (run) => run.n,
    describe: (n) => `N = ${n}`,
    train: trainAndMeasure,
    summarize: (run) => `training J ${run.trainObjective.toFixed(4)}, test J ${run.testObjective.toFixed(4)}, ${run.wallSeconds.toFixed(1)} s`,
  });
}
