import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { isToyDatasetName, sampleToy, TOY_DATASETS, type DataMatrix } from '@otflow/datasets';
import { loadCsv, loadNpy } from '@otflow/datasets/node';
import { Random } from '@otflow/random';
import { UsageError, type Command, type CommandContext } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { MODEL_POSITIONAL, modelOption, modelPath, optionalModelPath } from '../cli/model-argument';
import { integerOption, requiredString, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { loadModelFlow } from '../model/load-model-flow';
import { writeLossCurves, writeModelFigures, type TrainingHistory } from '../plot/figures';
import { runOutputs } from '../training/run-outputs';

const KINDS = ['density', 'samples', 'trajectories', 'all', 'loss'] as const;
type PlotKind = (typeof KINDS)[number];
const DEFAULT_POINTS = 2000;
const MAX_POINTS = 200_000;

export const plotCommand: Command = {
  name: 'plot',
  summary: 'Draw PNG figures of a model (density, samples, trajectories) or of a training run (loss curves).',
  help: `Usage:
  otflow plot <model.json> --out fig.png [--kind density|samples|trajectories|all] [--data <toy|file.csv|file.npy>]
              [-n N] [--nt K] [--seed S] [--title text]
  otflow plot --kind loss --out loss.png (<model.json> | --history model.history.json)

Figures of a trained model, as PNG files:
  density        the density ρ(x) = exp(log ρ(x)) on a grid, with a colorbar and ∫ρ over the box (2-D models)
  samples        2-D: data x, f(x) pushed to the normal, the round trip f⁻¹(f(x)) and generated samples f⁻¹(y)
                 (generated samples only without --data); d > 2: pairwise projections of the first 4 coordinates
  trajectories   particle paths from t = 0 (data) to t = 1 (normal); optimal-transport paths are straight
  all            each of the above: fig.png becomes fig-density.png, fig-samples.png, fig-trajectories.png
  loss           J, L, C and R per iteration with validation values, the validation NLL and the learning rate,
                 from the history otflow train writes beside the model (model.history.json), or a checkpoint

Examples:
  otflow plot swissroll.json --data swissroll --out swissroll.png
  otflow plot swissroll.json --kind density --out density.png
  otflow plot swissroll.json --kind loss --out loss.png`,
  positionals: [MODEL_POSITIONAL],
  options: {
    model: modelOption('The model file, or give it as the first argument (for loss: where its history lies).'),
    out: { type: 'string', short: 'o', valueName: 'fig.png', description: 'The PNG to write (kind all: one file per figure, named from it).' },
    kind: { type: 'string', valueName: 'kind', choices: KINDS, defaultText: 'all', description: 'Which figure to draw.' },
    data: {
      type: 'string',
      valueName: 'toy|file',
      description: `Data to show beside the model: a toy density (${TOY_DATASETS.join(', ')}), or a .csv or .npy file.`,
    },
    n: { type: 'string', short: 'n', valueName: 'count', defaultText: String(DEFAULT_POINTS), description: 'Points per scatter panel (samples drawn, data rows shown).' },
    nt: { type: 'string', valueName: 'steps', defaultText: "the model's", description: 'RK4 steps for the flow.' },
    seed: { type: 'string', valueName: 'integer', defaultText: '0', description: 'Seed of the samples and of which data rows are shown.' },
    history: {
      type: 'string',
      valueName: 'file.json',
      defaultText: 'model.history.json beside --model',
      description: 'Training history, or a training checkpoint, for --kind loss.',
    },
    title: { type: 'string', valueName: 'text', description: 'Title of the figures.' },
    workers: WORKERS_OPTION,
  },
  async run(args, context) {
    const kind = plotKind(stringOption(args, 'kind') ?? 'all');
    const outFlag = requiredString(args, 'out', 'fig.png');
    if (!/\.png$/i.test(outFlag)) throw new UsageError(`--out must name a .png file, got "${outFlag}"`);
    const title = stringOption(args, 'title');
    if (kind === 'loss') {
      const historyPath = stringOption(args, 'history') ?? historyBesideModel(optionalModelPath(args));
      const out = await checkOutputPath(outFlag, '--out');
      await writeLossCurves(out, await readHistory(historyPath), { title });
      report(context, [out]);
      return 0;
    }
    const modelFile = modelPath(args, 'plot');
    const n = integerOption(args, 'n');
    if (n !== undefined && n > MAX_POINTS) throw new UsageError(`-n must be at most ${MAX_POINTS} points per panel, got ${n}`);
    const nt = integerOption(args, 'nt');
    const seed = integerOption(args, 'seed', 0) ?? 0;
    const dataFlag = stringOption(args, 'data');
    const out = await checkOutputPath(outFlag, '--out');
    const data = dataFlag === undefined ? undefined : await loadData(dataFlag, n ?? DEFAULT_POINTS, seed);
    const flow = await loadModelFlow(modelFile, context, workersOption(args));
    try {
      if (data && data.cols !== flow.d) {
        throw new Error(`--data ${dataFlag} has ${data.cols} columns but the model ${modelFile} is ${flow.d}-dimensional.`);
      }
      const written = await writeModelFigures(flow, out, { kind, data, nt, seed, n, title, signal: context.signal });
      report(context, written);
    } finally {
      await flow.dispose();
    }
    return 0;
  },
};

function report(context: CommandContext, paths: readonly string[]): void {
  for (const path of paths) context.stderr.write(`Wrote ${displayPath(path)}\n`);
}

function plotKind(value: string): PlotKind {
  if (!(KINDS as readonly string[]).includes(value)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}; got "${value}"`);
  return value as PlotKind;
}

/** Where otflow train put the model's history: model.history.json, or history.json in the same folder. */
function historyBesideModel(modelPath: string | undefined): string {
  if (modelPath === undefined) {
    throw new UsageError('--kind loss needs --history <file.json>, or the model file (first argument or --model) with its history beside it');
  }
  const candidates = [runOutputs(modelPath).history, join(dirname(modelPath), 'history.json')];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`No training history beside ${modelPath}: looked for ${candidates.join(' and ')}. Pass --history <file>.`);
  }
  return found;
}

/**
 * A training history: {iterations, validations} as otflow train writes it, a trainer checkpoint (`history`), or a
 * run checkpoint (`trainer.history`). JSON has no NaN: a diverged run's non-finite costs arrive as null and are
 * plotted as gaps.
 */
async function readHistory(path: string): Promise<TrainingHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Training history not found: ${path}. Pass --history <file>: a run's history or checkpoint.`);
    throw new Error(`Could not read the training history ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => (value === null ? Number.NaN : value));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const nested = parsed as { history?: unknown; trainer?: { history?: unknown } } | null;
  for (const candidate of [parsed, nested?.history, nested?.trainer?.history]) {
    const history = candidate as Partial<TrainingHistory> | null | undefined;
    if (history && typeof history === 'object' && Array.isArray(history.iterations) && Array.isArray(history.validations)) {
      return history as TrainingHistory;
    }
  }
  throw new Error(`${path} holds no training history: expected {iterations: [...], validations: [...]} or a checkpoint of a run.`);
}

/** Data for the figures: `n` points of a toy density (a stream of its own, independent of the samples), or a file. */
async function loadData(spec: string, n: number, seed: number): Promise<DataMatrix> {
  if (isToyDatasetName(spec)) return sampleToy(spec, n, new Random(seed).fork('toy data'));
  const extension = extname(spec).toLowerCase();
  if (extension === '.csv') return loadCsv(spec);
  if (extension === '.npy') return loadNpy(spec);
  throw new UsageError(`--data must be a toy density (${TOY_DATASETS.join(', ')}) or a .csv or .npy file, got "${spec}"`);
}
