import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandomGaussian, type GaussianData } from '@otflow/datasets';
import { saveModelFile } from '@otflow/model/node';
import { Random } from '@otflow/random';
import { gaussianBatchSource } from './gaussian-batch-source';
import { openStudyResults, saveStudyResults } from './study-results';
import { measureOnSet, trainStudyPotential, type StudyBudget } from './study-training';

export interface AlphaStudyOptions {
  d: number;
  alphaCs: readonly number[];
  alphaR: number;
  budget: StudyBudget;
  testSize: number;
  seed: number;
  /** Folder for results.json and the per-run model files. */
  outDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
}

/** One α_C of the alpha study, measured on the test set. */
export interface AlphaRun {
  kind: 'potential';
  alphaC: number;
  /** Mean transport cost L. */
  transportCost: number;
  halfW2Squared: number;
  /** |L − ½W₂²| / ½W₂². */
  relativeTransportGap: number;
  /** Test mean C minus the data entropy: the KL divergence of the model's density from the data's. */
  klGap: number;
  mapError: number;
  hjb: number;
  nll: number;
  wallSeconds: number;
  model: string;
}

/** The study's data: N(μ, Σ) with a non-zero mean and an anisotropic, rotated covariance, seeded. */
export function alphaStudyGaussian(d: number, seed: number): GaussianData {
  return createRandomGaussian({ dimension: d, seed: new Random(seed).fork('gaussian') });
}

/**
 * SPEC §6 made runnable: for each α_C (α_L = 1), trains a model on fresh draws of N(μ, Σ) and measures L against
 * ½W₂², the KL gap, the map error against the closed-form OT map, R and the NLL on a fixed test set. Finished runs
 * in outDir/results.json are skipped, so an interrupted study resumes.
 */
export async function runAlphaStudy(options: AlphaStudyOptions): Promise<{ runs: AlphaRun[]; gaussian: GaussianData; complete: boolean }> {
  const { d, alphaCs, alphaR, budget, testSize, seed, outDir, signal, log } = options;
  const gaussian = alphaStudyGaussian(d, seed);
  const root = new Random(seed);
  const test = gaussian.sample(testSize, root.fork('test'));
  const validationDraw = gaussian.sample(Math.min(testSize, 2048), root.fork('validation'));
  const validation = { data: validationDraw.data, rows: validationDraw.rows, cols: validationDraw.cols };
  const path = join(outDir, 'results.json');
  const settings = { d, alphaCs, alphaR, budget, testSize, seed };
  const results = await openStudyResults<AlphaRun>(path, 'alpha', settings);
  await mkdir(join(outDir, 'models'), { recursive: true });
  for (const alphaC of alphaCs) {
    if (results.runs.some((run) => run.alphaC === alphaC)) {
      log(`α_C = ${alphaC}: already in ${path}, skipped.`);
      continue;
    }
    if (signal.aborted) return { runs: results.runs, gaussian, complete: false };
    const started = performance.now();
    const alph: [number, number, number] = [1, alphaC, alphaR];
    const data = gaussianBatchSource(gaussian, `${seed}:train:${alphaC}`);
    const { potential, aborted } = await trainStudyPotential(data, validation, alph, budget, seed, signal);
    try {
      if (aborted) return { runs: results.runs, gaussian, complete: false };
      const measured = measureOnSet(potential, test, alph, budget.ntTest, gaussian);
      const model = join(outDir, 'models', `potential-alpha-${alphaC}.json`);
      await saveModelFile(model, potential, { training: { study: 'alpha', alph, seed, budget } });
      const run: AlphaRun = {
        kind: 'potential',
        alphaC,
        transportCost: measured.transportCost,
        halfW2Squared: gaussian.halfW2Squared,
        relativeTransportGap: Math.abs(measured.transportCost - gaussian.halfW2Squared) / gaussian.halfW2Squared,
        klGap: measured.nll - gaussian.entropy,
        mapError: measured.mapError ?? Number.NaN,
        hjb: measured.hjb,
        nll: measured.nll,
        wallSeconds: (performance.now() - started) / 1000,
        model,
      };
      results.runs.push(run);
      await saveStudyResults(path, results);
      log(
        `α_C = ${alphaC}: L ${run.transportCost.toFixed(4)} (½W₂² ${run.halfW2Squared.toFixed(4)}), KL gap ` +
          `${run.klGap.toFixed(4)}, map error ${run.mapError.toFixed(4)}, ${run.wallSeconds.toFixed(1)} s`,
      );
    } finally {
      potential.dispose();
    }
  }
  const order = new Map(alphaCs.map((alpha, index) => [alpha, index]));
  results.runs.sort((a, b) => (order.get(a.alphaC) ?? 0) - (order.get(b.alphaC) ?? 0));
  return { runs: results.runs, gaussian, complete: true };
}
