import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GaussianData } from '@otflow/datasets';
import type { FlowModelKind, WeightValues } from '@otflow/model';
import { loadModelFile, saveModelFile } from '@otflow/model/node';
import { gaussianBatchSource } from './gaussian-batch-source';
import { studyData, type StudyOptions } from './study-data';
import { openStudyResults } from './study-results';
import { runStudySweep } from './study-sweep';
import { measureOnSet, trainStudyModel, type StudyBudget } from './study-training';

export interface AlphaStudyOptions extends StudyOptions {
  alphaCs: readonly number[];
  alphaR: number;
  /**
   * Continuation in α: each α_C's run starts from the previous α_C's trained model of the same kind (the first from
   * the seeded initialization) instead of from scratch, so that the budget is spent following the minimizers as α
   * grows. Default false: every run is independent.
   */
  continuation?: boolean;
  /**
   * With continuation, the budget of a run that starts from the previous α_C's model, per model kind (default: `budget`).
   * The first α_C always trains with `budget`.
   */
  continuedBudgets?: Partial<Record<FlowModelKind, StudyBudget>>;
}

/** One α_C of the alpha study, measured on the test set. */
export interface AlphaRun {
  kind: FlowModelKind;
  alphaC: number;
  /** Mean transport cost L. */
  transportCost: number;
  halfW2Squared: number;
  /** |L − ½W₂²| / ½W₂². */
  relativeTransportGap: number;
  /**
   * (L − the optimal map's cost on the test points) / ½W₂²: the same gap estimated point by point, so the test sample's
   * noise (which shifts L equally for every run) cancels. Signed: positive when the model transports at a higher cost.
   */
  pairedTransportGap: number;
  /** Test mean C minus the data entropy: the KL divergence of the model's density from the data's. */
  klGap: number;
  /**
   * Test mean C minus the test points' own mean −log ρ0: the same KL divergence estimated point by point,
   * mean(log ρ0(x) − log ρ(x)), so the test sample's noise (which shifts klGap equally for every run) cancels.
   */
  klPaired: number;
  mapError: number;
  hjb: number;
  nll: number;
  wallSeconds: number;
  model: string;
}

/**
 * numerics §6 made runnable: for each α_C (α_L = 1) and each model kind, trains a model on fresh draws of N(μ, Σ) (the
 * same draws for both kinds) and measures L against ½W₂², the KL gap, the map error against the closed-form OT map,
 * R and the NLL on a fixed test set. Finished runs in outDir/results.json are skipped, so an interrupted study resumes
 * and a study run for one kind can be extended with the other. With `continuation`, each run starts from the previous
 * α_C's model.
 */
export async function runAlphaStudy(
  options: AlphaStudyOptions,
): Promise<{ runs: AlphaRun[]; gaussian: GaussianData; testCrossEntropy: number; complete: boolean }> {
  const { d, alphaCs, alphaR, modelKinds, budget, testSize, seed, outDir, signal, log, workers } = options;
  const continuation = options.continuation ?? false;
  const continuedBudgets = continuation ? (options.continuedBudgets ?? {}) : {};
  const { gaussian, test, testCrossEntropy, testTransportCost, validation } = studyData(d, seed, testSize);
  const path = join(outDir, 'results.json');
  // Independent runs keep the settings key they always had, so their results files stay resumable.
  const settings = { d, alphaCs, alphaR, budget, testSize, seed, ...(continuation ? { continuation, continuedBudgets } : {}) };
  const results = await openStudyResults<AlphaRun>(path, 'alpha', settings);
  await mkdir(join(outDir, 'models'), { recursive: true });

  /** With continuation, the weights of the previous α_C's model of `kind` (the sweep has trained it already). */
  async function startingWeights(kind: FlowModelKind, alphaC: number): Promise<WeightValues | undefined> {
    const previous = alphaCs[alphaCs.indexOf(alphaC) - 1];
    if (!continuation || previous === undefined) return undefined;
    const run = results.runs.find((candidate) => candidate.kind === kind && candidate.alphaC === previous);
    if (run === undefined) throw new Error(`Continuation: the ${kind} model of α_C = ${previous} is missing from ${path}.`);
    const { model } = await loadModelFile(run.model);
    const weights = model.getWeights();
    model.dispose();
    return weights;
  }

  /** One run: null when it was interrupted. */
  async function trainAndMeasure(kind: FlowModelKind, alphaC: number): Promise<AlphaRun | null> {
    const started = performance.now();
    const alph: [number, number, number] = [1, alphaC, alphaR];
    const data = gaussianBatchSource(gaussian, `${seed}:train:${alphaC}`);
    const initialWeights = await startingWeights(kind, alphaC);
    const runBudget = initialWeights === undefined ? budget : (continuedBudgets[kind] ?? budget);
    const { model, aborted } = await trainStudyModel({ kind, data, validation, alph, budget: runBudget, seed, signal, workers, initialWeights });
    try {
      if (aborted) return null;
      const measured = measureOnSet(model, test, alph, budget.ntTest, gaussian);
      const file = join(outDir, 'models', `${kind}-alpha-${alphaC}.json`);
      await saveModelFile(file, model, { training: { study: 'alpha', alph, seed, budget: runBudget, continuation } });
      return {
        kind,
        alphaC,
        transportCost: measured.transportCost,
        halfW2Squared: gaussian.halfW2Squared,
        relativeTransportGap: Math.abs(measured.transportCost - gaussian.halfW2Squared) / gaussian.halfW2Squared,
        pairedTransportGap: (measured.transportCost - testTransportCost) / gaussian.halfW2Squared,
        klGap: measured.nll - gaussian.entropy,
        klPaired: measured.nll - testCrossEntropy,
        mapError: measured.mapError ?? Number.NaN,
        hjb: measured.hjb,
        nll: measured.nll,
        wallSeconds: (performance.now() - started) / 1000,
        model: file,
      };
    } finally {
      model.dispose();
    }
  }

  const { runs, complete } = await runStudySweep({
    settings: alphaCs,
    modelKinds,
    results,
    path,
    signal,
    log,
    settingOf: (run) => run.alphaC,
    describe: (alphaC) => `α_C = ${alphaC}`,
    train: trainAndMeasure,
    summarize: (run) =>
      `L ${run.transportCost.toFixed(4)} (½W₂² ${run.halfW2Squared.toFixed(4)}, paired gap ${(100 * run.pairedTransportGap).toFixed(1)} %), KL gap ${run.klGap.toFixed(4)} (paired ${run.klPaired.toFixed(4)}), ` +
      `map error ${run.mapError.toFixed(4)}, ${run.wallSeconds.toFixed(1)} s`,
  });
  return { runs, gaussian, testCrossEntropy, complete };
}
