import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TOY_DATASETS, isToyDatasetName, type ToyDatasetName } from '@otflow/datasets';
import { loadModelFile, writeFileAtomic } from '@otflow/model/node';
import { QUICK_PRESET, trainingSettings, type TrainingSettings } from '@otflow/train';
import { UsageError, type Command, type CommandContext } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { booleanOption, integerOption, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { loadTestData } from '../data/test-data';
import { evaluateModel } from '../evaluation/evaluate-model';
import { formatEvaluation } from '../evaluation/format-evaluation';
import { loadModelFlow } from '../model/load-model-flow';
import { writeLossCurves, writeModelFigures } from '../plot/figures';
import { reportTrainingOutcome } from '../training/report-outcome';
import type { TrainingRunPlan } from '../training/run-checkpoint';
import { runOutputs } from '../training/run-outputs';
import { MODEL_KIND_OPTION, modelKindOption } from '../training/settings-flags';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { runTraining } from '../training/training-run';

/** Measured: 28.7 s of training on an idle 2-core machine (wasm), a few minutes when the cores are shared. */
const QUICK_ITERATIONS = 300;
const QUICK_BATCH = 1024;
const TEST_POINTS = 5000;

/**
 * The reference's quick default (8gaussians, alph 1,100,5, lr 0.1 halved every 100 steps) with a smaller batch and
 * fewer steps; another toy density keeps its own numerics §7 row with the same batch and steps.
 */
function quickSettings(name: ToyDatasetName, batchSize: number, iterations: number): TrainingSettings {
  if (name === '8gaussians') return { ...QUICK_PRESET, alph: [...QUICK_PRESET.alph], batchSize, iterations };
  return trainingSettings(name, { batchSize, iterations });
}

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

async function evaluateAndPlot(
  plan: TrainingRunPlan,
  runDir: string,
  history: Parameters<typeof writeLossCurves>[1],
  workers: number,
  context: CommandContext,
) {
  const { model, normalization, training } = await loadModelFile(plan.outputs.model);
  const modelKind = model.kind;
  const settings = training?.settings as TrainingSettings;
  const test = await loadTestData(plan.data, { n: TEST_POINTS, seed: plan.seed, d: model.config.d, normalization });
  let report;
  try {
    context.stderr.write('Evaluating…\n');
    report = await evaluateModel(model, test.points, { nt: settings.ntVal, alph: settings.alph, seed: plan.seed, mmdPoints: 2000, gridResolution: 100, workers });
  } finally {
    model.dispose();
  }
  const metrics = join(runDir, 'metrics.json');
  await writeFileAtomic(metrics, `${JSON.stringify({ model: plan.outputs.model, data: test.description, coordinates: 'data', ...report }, null, 2)}\n`);
  context.stderr.write(`${formatEvaluation(report, test.description)}\n`);
  if (context.signal.aborted) return { metrics, figures: [] };

  context.stderr.write('Drawing figures…\n');
  const dataName = plan.data.kind === 'file' ? 'data' : plan.data.name;
  const title = `${modelKind === 'velocity' ? 'Velocity network' : 'OT-Flow'} on ${dataName}`;
  const loss = join(runDir, 'loss.png');
  await writeLossCurves(loss, history, { title });
  const flow = await loadModelFlow(plan.outputs.model, context, workers);
  try {
    const { cols } = test.points;
    const rows = Math.min(2000, test.points.rows);
    const shown = { data: test.points.data.subarray(0, rows * cols), rows, cols };
    const figures = await writeModelFigures(flow, join(runDir, 'figure.png'), {
      kind: 'all',
      data: shown,
      nt: settings.ntVal,
      seed: plan.seed,
      title,
      signal: context.signal,
    });
    return { metrics, figures: [loss, ...figures] };
  } finally {
    await flow.dispose();
  }
}

export const quickstartCommand: Command = {
  name: 'quickstart',
  summary: 'Train a small model on a toy density and write model, metrics and figures into a run folder.',
  help: `Usage: otflow quickstart [--data 8gaussians] [--model-kind potential] [--iters ${QUICK_ITERATIONS}] [--batch ${QUICK_BATCH}] [--seed 0] [--runs-dir runs]

The shortest way to see OT-Flow work: trains on a toy density with the reference's quick settings (8gaussians:
alph 1,100,5, lr 0.1 halved every 100 steps) scaled to about half a minute on an idle 2-core machine
(batch ${QUICK_BATCH}, ${QUICK_ITERATIONS} steps), then writes into runs/<timestamp>-<dataset>/:
  model.json          the best validated model (use it with sample, density, eval, plot, info)
  model.history.json  the loss history
  metrics.json        "otflow eval" on ${TEST_POINTS.toLocaleString('en-US')} fresh test points
  loss.png            J, L, C, R and validation NLL curves
  figure-*.png        density heat map, data/samples panels, trajectories
Ctrl-C stops with a checkpoint in the run folder ("otflow train --resume" continues it, without figures).

Examples:
  otflow quickstart
  otflow quickstart --data swissroll --iters 600
  otflow quickstart --model-kind velocity`,
  options: {
    data: { type: 'string', valueName: 'toy name', description: 'The toy density.', choices: TOY_DATASETS, defaultText: '8gaussians' },
    'model-kind': MODEL_KIND_OPTION,
    iters: { type: 'string', valueName: 'count', description: 'Training steps.', defaultText: String(QUICK_ITERATIONS) },
    batch: { type: 'string', valueName: 'size', description: 'Training batch size.', defaultText: String(QUICK_BATCH) },
    seed: { type: 'string', valueName: 'integer', description: 'Seeds everything.', defaultText: '0' },
    'runs-dir': { type: 'string', valueName: 'folder', description: 'Where run folders go.', defaultText: 'runs' },
    'checkpoint-every': { type: 'string', valueName: 'iterations', description: 'Checkpoint interval (0: only on Ctrl-C).', defaultText: '100' },
    workers: WORKERS_OPTION,
    json: { type: 'boolean', description: 'Print the training summary, metrics and paths as JSON on stdout.' },
  },
  handlesInterrupt: true,
  async run(args, context) {
    const dataName = stringOption(args, 'data') ?? '8gaussians';
    if (!isToyDatasetName(dataName)) throw new UsageError(`--data must be one of ${TOY_DATASETS.join(', ')}; got "${dataName}"`);
    const name: ToyDatasetName = dataName;
    const settings = quickSettings(name, integerOption(args, 'batch') ?? QUICK_BATCH, integerOption(args, 'iters') ?? QUICK_ITERATIONS);
    const runsDir = resolve(stringOption(args, 'runs-dir') ?? 'runs');
    const runDir = join(runsDir, `${timestamp(new Date())}-${name}`);
    await mkdir(runDir, { recursive: true });
    const model = await checkOutputPath(join(runDir, 'model.json'), 'the run folder');
    const plan: TrainingRunPlan = {
      data: { kind: 'toy', name },
      seed: integerOption(args, 'seed', 0) ?? 0,
      validationFraction: 0.1,
      outputs: runOutputs(model),
    };
    const modelKind = modelKindOption(args);
    const workers = workersOption(args);
    context.stderr.write(
      `Training ${modelKind === 'velocity' ? 'a velocity network' : 'OT-Flow'} on ${name}: ${settings.iterations} steps of batch ${settings.batchSize}, alph ${settings.alph.join(',')}, ` +
        `lr ${settings.learningRate}, on the ${context.backend} backend. Run folder: ${displayPath(runDir)}\n`,
    );
    const outcome = await runTraining({
      plan,
      start: { settings: { preset: settings }, modelKind },
      checkpointEvery: integerOption(args, 'checkpoint-every', 0) ?? 100,
      logEvery: 25,
      workers,
      context,
    });
    const json = booleanOption(args, 'json');
    if (outcome.status === 'interrupted') return reportTrainingOutcome(outcome, context, false);
    reportTrainingOutcome(outcome, context, false);
    const { metrics, figures } = await evaluateAndPlot(plan, runDir, outcome.history, workers, context);
    const files = [plan.outputs.model, plan.outputs.history, metrics, ...figures];
    context.stderr.write(`\nEverything is in ${displayPath(runDir)}:\n${files.map((f) => `  ${displayPath(f)}`).join('\n')}\n`);
    if (json) context.stdout.write(`${JSON.stringify({ runDir, training: outcome.summary, metrics, figures }, null, 2)}\n`);
    if (context.signal.aborted) {
      context.stderr.write('Stopped before all figures were drawn (Ctrl-C); the model and metrics are saved.\n');
      return 130;
    }
    return 0;
  },
};
