import { join } from 'node:path';
import { matrixBatchSource } from '@otflow/datasets';
import { Random } from '@otflow/random';
import { alphaStudyGaussian } from './alpha-study';
import { openStudyResults, saveStudyResults } from './study-results';
import { measureOnSet, trainStudyPotential, type StudyBudget } from './study-training';

export interface SamplesStudyOptions {
  d: number;
  sizes: readonly number[];
  alph: [number, number, number];
  budget: StudyBudget;
  testSize: number;
  seed: number;
  outDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
}

/** One training-set size N of the samples study. */
export interface SamplesRun {
  kind: 'potential';
  n: number;
  /** J over the whole (fixed) training set. */
  trainObjective: number;
  testObjective: number;
  /** Test J minus training J: how far the Monte Carlo loss over N points is from the population loss. */
  generalizationGap: number;
  testNll: number;
  wallSeconds: number;
}

/**
 * The Monte Carlo side of SPEC §6: for each N, trains on one fixed set of N points from N(μ, Σ) (no resampling;
 * batches of min(N, batch) rows pass over it) and compares J on that set with J on held-out data. Resumable like
 * the alpha study.
 */
export async function runSamplesStudy(options: SamplesStudyOptions): Promise<{ runs: SamplesRun[]; complete: boolean }> {
  const { d, sizes, alph, budget, testSize, seed, outDir, signal, log } = options;
  const gaussian = alphaStudyGaussian(d, seed);
  const root = new Random(seed);
  const test = gaussian.sample(testSize, root.fork('test'));
  const validationDraw = gaussian.sample(Math.min(testSize, 2048), root.fork('validation'));
  const validation = { data: validationDraw.data, rows: validationDraw.rows, cols: validationDraw.cols };
  const path = join(outDir, 'results.json');
  const results = await openStudyResults<SamplesRun>(path, 'samples', { d, sizes, alph, budget, testSize, seed });
  for (const n of sizes) {
    if (results.runs.some((run) => run.n === n)) {
      log(`N = ${n}: already in ${path}, skipped.`);
      continue;
    }
    if (signal.aborted) return { runs: results.runs, complete: false };
    const started = performance.now();
    const train = gaussian.sample(n, root.fork(`train:${n}`));
    const data = matrixBatchSource(train, { seed: `${seed}:order:${n}` });
    // A fixed set: a new shuffled batch every step (an epoch's worth of steps sees every point once).
    const runBudget = { ...budget, batchSize: Math.min(n, budget.batchSize), resampleEvery: 1 };
    const { potential, aborted } = await trainStudyPotential(data, validation, alph, runBudget, seed, signal);
    try {
      if (aborted) return { runs: results.runs, complete: false };
      const onTrain = measureOnSet(potential, train, alph, budget.ntTest, null);
      const onTest = measureOnSet(potential, test, alph, budget.ntTest, null);
      const run: SamplesRun = {
        kind: 'potential',
        n,
        trainObjective: onTrain.objective,
        testObjective: onTest.objective,
        generalizationGap: onTest.objective - onTrain.objective,
        testNll: onTest.nll,
        wallSeconds: (performance.now() - started) / 1000,
      };
      results.runs.push(run);
      await saveStudyResults(path, results);
      log(`N = ${n}: training J ${run.trainObjective.toFixed(4)}, test J ${run.testObjective.toFixed(4)}, ${run.wallSeconds.toFixed(1)} s`);
    } finally {
      potential.dispose();
    }
  }
  const order = new Map(sizes.map((n, index) => [n, index]));
  results.runs.sort((a, b) => (order.get(a.n) ?? 0) - (order.get(b.n) ?? 0));
  return { runs: results.runs, complete: true };
}
