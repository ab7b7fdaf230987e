import { resolve } from 'node:path';
import { imageSubset, isBenchmarkName, isToyDatasetName } from '@otflow/datasets';
import { parseModelFile } from '@otflow/model';
import { writeFileAtomic } from '@otflow/model/node';
import { DEFAULT_STEPS, loadImageFlow, type ImageFlow } from '@otflow/runtime';
import { TABULAR_TEST_STEPS } from '@otflow/train';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { MODEL_POSITIONAL, modelOption, modelPath as modelPathArgument } from '../cli/model-argument';
import { booleanOption, integerOption, numberListOption, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { DATA_VALUE_NAME, parseDataSpec, type DataSpec } from '../data/data-spec';
import { DEFAULT_TOY_TEST_POINTS, loadTestData } from '../data/test-data';
import { evaluateModel } from '../evaluation/evaluate-model';
import { formatEvaluation } from '../evaluation/format-evaluation';
import { alphFromMetadata } from '../evaluation/model-alph';
import type { CommandContext, ParsedArgs } from '../cli/command';
import { imageDataSpecFromMetadata, loadImageData, type ImageDataSpec } from '../images/image-data';
import { evaluateImageModel, formatImageEvaluation } from '../images/evaluate-image-model';
import { readModelFile, withModelPath } from '../model/load-image-model';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';

/** Flags of eval that only apply to flows on points. */
const POINT_FLAGS = ['data', 'data-dir', 'alph', 'mmd-n', 'grid'];

/** An image model on held-out images: latent NLL, bits per latent dimension, reconstruction error. */
async function evaluateImages(imageFlow: ImageFlow, args: ParsedArgs, context: CommandContext, modelPath: string, target: string | undefined): Promise<number> {
  const pointFlags = POINT_FLAGS.filter((name) => args.options[name] !== undefined);
  if (pointFlags.length > 0) throw new UsageError(`${pointFlags.map((f) => `--${f}`).join(', ')} apply to flows on points; ${modelPath} is an image model (use --mnist-dir for MNIST's test images)`);
  const mnistDir = stringOption(args, 'mnist-dir');
  const spec: ImageDataSpec = mnistDir !== undefined ? { kind: 'mnist', dir: resolve(mnistDir) } : imageDataSpecFromMetadata(imageFlow.flow.training);
  const data = await loadImageData(spec, 0);
  const n = integerOption(args, 'n');
  const test = n === undefined || n >= data.test.images.rows ? data.test : imageSubset(data.test, 0, n);
  const nt = integerOption(args, 'nt') ?? validationSteps(imageFlow.flow.training);
  const samples = integerOption(args, 'samples', 0) ?? 100;
  const seed = integerOption(args, 'seed', 0) ?? 0;
  const report = await evaluateImageModel(imageFlow, test, { nt, batchSize: integerOption(args, 'batch-size'), samples, seed });
  const description = spec.kind === 'digits' ? 'held-out built-in digits' : `MNIST test images from ${spec.dir}`;
  const document = { model: modelPath, data: description, ...report };
  if (target !== undefined) await writeFileAtomic(target, `${JSON.stringify(document, null, 2)}\n`);
  const json = booleanOption(args, 'json');
  (json ? context.stderr : context.stdout).write(`${formatImageEvaluation(report, description)}\n`);
  if (target !== undefined) context.stderr.write(`Wrote ${displayPath(target)}.\n`);
  if (json) context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}

/** The data a model was trained on, when its metadata names a toy density or a benchmark. */
function trainingDataSpec(training: Record<string, unknown> | null, dataDir: string | undefined): DataSpec | undefined {
  const data = training?.data as Partial<DataSpec> | undefined;
  if (data?.kind === 'toy' && isToyDatasetName(data.name)) return { kind: 'toy', name: data.name };
  if (data?.kind === 'benchmark' && isBenchmarkName(data.name) && typeof data.dataDir === 'string') {
    return { kind: 'benchmark', name: data.name, dataDir: dataDir === undefined ? data.dataDir : resolve(dataDir) };
  }
  return undefined;
}

/** The model's validation steps, else the sampling default. */
function validationSteps(training: Record<string, unknown> | null): number {
  const ntVal = (training?.settings as { ntVal?: unknown } | undefined)?.ntVal;
  return typeof ntVal === 'number' && Number.isInteger(ntVal) && ntVal > 0 ? ntVal : DEFAULT_STEPS;
}

/** numerics §8: nt_test for a benchmark; else the model's validation steps; else the sampling default. */
function defaultSteps(spec: DataSpec, training: Record<string, unknown> | null): number {
  return spec.kind === 'benchmark' ? TABULAR_TEST_STEPS[spec.name] : validationSteps(training);
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Evaluate a model on held-out data: NLL, L, C, R, J, MMD², inverse error, density normalization.',
  help: `Usage: otflow eval <model.json> [--data <${DATA_VALUE_NAME}>] [-n N] [--json] [--out metrics.json]

Reports on held-out data (docs/numerics.md §8): the NLL (mean C, with its standard error) and the means of L, C, R
and J (with the model's alph), the inverse error ‖x − f⁻¹(f(x))‖, MMD² between test points and as many model samples
(naming the estimator), and for 2-D models ∫ρ over [−4, 4]² (widened to cover the data) on a grid.

Test data: a toy density is sampled afresh (default ${DEFAULT_TOY_TEST_POINTS.toLocaleString('en-US')} points, from a seeded
stream training never used); a benchmark uses its test split with nt_test steps; a file is used row by row. All
figures are in the model's coordinates (standardized where the model has a normalization). --data defaults to the
model's training data when that is a toy density or a benchmark.

Examples:
  otflow eval 8g.json
  otflow eval 8g.json --data 8gaussians -n 20000 --json
  otflow eval mine.json --data held-out.csv --out metrics.json
  otflow eval power.json --data power --data-dir ~/maf/data
  otflow eval digits.json

An image model (from "otflow train mnist" or an imported MNIST checkpoint) is evaluated on held-out images: the
built-in digits' last 1,000 (or MNIST's test split with --mnist-dir): the latent NLL of their standardized codes (the
authors' C; with its standard error), bits per latent dimension, the autoencoder's reconstruction error, and which
digit classes --samples generated images show: each is labelled by its nearest test image (1-NN).`,
  positionals: [MODEL_POSITIONAL],
  options: {
    model: modelOption(),
    data: { type: 'string', valueName: DATA_VALUE_NAME, description: 'The test data.', defaultText: "the model's training data" },
    'data-dir': { type: 'string', valueName: 'folder', description: "The MAF bundle's data/ folder (benchmarks only)." },
    n: { type: 'string', short: 'n', valueName: 'count', description: 'Test points: sampled (toy data) or at most this many rows.', defaultText: `${DEFAULT_TOY_TEST_POINTS} for toy data, else all` },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps.', defaultText: "nt_test for benchmarks, else the model's nt_val, else 12" },
    alph: { type: 'string', valueName: 'L,C,R', description: 'Objective weights for J.', defaultText: "the model's" },
    seed: { type: 'string', valueName: 'integer', description: 'Seeds the test sample, the subsample and the model samples.', defaultText: '0' },
    'mmd-n': { type: 'string', valueName: 'count', description: 'MMD² compares at most this many test points with as many samples.', defaultText: '2000' },
    grid: { type: 'string', valueName: 'cells', description: 'Cells per axis of the 2-D normalization grid.', defaultText: '100' },
    'batch-size': { type: 'string', valueName: 'rows', description: 'Rows integrated per pass (bounds memory).', defaultText: '16384' },
    out: { type: 'string', short: 'o', valueName: 'metrics.json', description: 'Also write the report as JSON to this file.' },
    json: { type: 'boolean', description: 'Print the report as JSON on stdout.' },
    workers: WORKERS_OPTION,
    'mnist-dir': { type: 'string', valueName: 'folder', description: "An image model: evaluate on MNIST's test split from this folder.", defaultText: "the model's data" },
    samples: { type: 'string', valueName: 'count', description: 'An image model: generated images to classify by 1-NN against the test images (0: none).', defaultText: '100' },
  },
  async run(args, context) {
    const modelPath = modelPathArgument(args, 'eval');
    const n = integerOption(args, 'n');
    const seed = integerOption(args, 'seed', 0) ?? 0;
    const mmdPoints = integerOption(args, 'mmd-n', 2) ?? 2000;
    const gridResolution = integerOption(args, 'grid', 2) ?? 100;
    const batchSize = integerOption(args, 'batch-size');
    const alphFlag = numberListOption(args, 'alph', 3, '1,30,1');
    const dataFlag = stringOption(args, 'data');
    const dataDir = stringOption(args, 'data-dir');
    const out = stringOption(args, 'out');
    const target = out === undefined ? undefined : await checkOutputPath(out, '--out');

    // Read once: an image model is evaluated on images, a flow's model on points.
    const file = await readModelFile(modelPath);
    if (file.isImage) {
      const imageFlow = await withModelPath(modelPath, () => loadImageFlow(file.source, { backend: context.backend }));
      try {
        return await evaluateImages(imageFlow, args, context, modelPath, target);
      } finally {
        imageFlow.dispose();
      }
    }
    const { model, normalization, training } = await withModelPath(modelPath, () => parseModelFile(file.source));
    const imageFlags = ['mnist-dir', 'samples'].filter((name) => args.options[name] !== undefined);
    if (imageFlags.length > 0) {
      model.dispose();
      throw new UsageError(`${imageFlags.map((f) => `--${f}`).join(', ')} apply to image models; ${modelPath} is a flow on points`);
    }
    try {
      const spec = dataFlag !== undefined ? parseDataSpec(dataFlag, dataDir) : trainingDataSpec(training, dataDir);
      if (spec === undefined) {
        throw new UsageError('--data is required: the model\'s metadata names no toy density or benchmark to test on');
      }
      const alph = alphFlag ?? alphFromMetadata(training);
      if (alph === undefined) throw new UsageError('--alph is required: the model file records no alph (e.g. --alph 1,30,1)');
      const nt = integerOption(args, 'nt') ?? defaultSteps(spec, training);
      const test = await loadTestData(spec, { n, seed, d: model.config.d, normalization });
      const report = await evaluateModel(model, test.points, { nt, alph: [alph[0], alph[1], alph[2]], seed, mmdPoints, gridResolution, batchSize, workers: workersOption(args) });
      const document = { model: modelPath, data: test.description, coordinates: normalization ? 'standardized' : 'data', ...report };
      if (target !== undefined) await writeFileAtomic(target, `${JSON.stringify(document, null, 2)}\n`);
      // The report is this command's output; with --json the JSON takes stdout and people read stderr.
      const json = booleanOption(args, 'json');
      (json ? context.stderr : context.stdout).write(`${formatEvaluation(report, test.description)}\n`);
      if (target !== undefined) context.stderr.write(`Wrote ${displayPath(target)}.\n`);
      if (json) context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};
