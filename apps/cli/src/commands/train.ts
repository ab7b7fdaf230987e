import { resolve } from 'node:path';
import type { TrainerCheckpoint } from '@otflow/train';
import { UsageError, type Command, type ParsedArgs } from '../cli/command';
import { booleanOption, integerOption, numberOption, requiredString, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { DATA_DESCRIPTION, DATA_VALUE_NAME, parseDataSpec } from '../data/data-spec';
import { readRunCheckpoint, type TrainingRunPlan } from '../training/run-checkpoint';
import { givenSettingsFlags, readSettingsFlags, settingsFor, SETTINGS_OPTIONS } from '../training/settings-flags';
import { reportTrainingOutcome } from '../training/report-outcome';
import { runOutputs } from '../training/run-outputs';
import { runTraining, type TrainingRunOutcome } from '../training/training-run';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { trainMnistCommand } from './train-mnist';

// The output naming is train's; commands that find a run's files by its model path use it from here.

const RUN_FLAGS = ['data', 'out', 'seed', 'val-fraction'];

async function resumeRun(args: ParsedArgs, path: string): Promise<{ plan: TrainingRunPlan; checkpoint: TrainerCheckpoint; backend: string }> {
  const conflicting = [...RUN_FLAGS.filter((name) => args.options[name] !== undefined), ...givenSettingsFlags(args)];
  if (conflicting.length > 0) {
    throw new UsageError(
      `--resume continues a run with the data, settings and outputs saved in its checkpoint; drop ${conflicting.map((n) => `--${n}`).join(', ')}`,
    );
  }
  const file = await readRunCheckpoint(path);
  const plan: TrainingRunPlan = { ...file.plan, outputs: { ...file.plan.outputs, checkpoint: resolve(path) } };
  const dataDir = stringOption(args, 'data-dir');
  if (dataDir !== undefined) {
    if (plan.data.kind !== 'benchmark') throw new UsageError(`--data-dir applies to benchmarks only; this run trains on ${plan.data.kind} data`);
    plan.data = { ...plan.data, dataDir: resolve(dataDir) };
  }
  await checkOutputPath(plan.outputs.model, 'the model file');
  return { plan, checkpoint: file.trainer, backend: file.backend };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train an OT-Flow model on a toy density, a CSV/.npy file or a MAF benchmark.',
  help: `Usage: otflow train --data <${DATA_VALUE_NAME}> [--out model.json] [settings…]
       otflow train --resume <checkpoint.json>
       otflow train mnist [options]      (an image model: see "otflow train mnist --help")

Trains OT-Flow's potential (or, with --model-kind velocity, the analysis' velocity network) with Adam on the
objective J = α_L·L + α_C·C + α_R·R. A toy density or benchmark trains with its published settings
(docs/numerics.md §7); a file of your own with settings fitted to its size (width, RK4 steps, batch, iterations,
learning-rate schedule: a 1,000-row 2-D file trains in under a minute). The settings are printed at the start and
saved in the model file; every flag below overrides one.
--data takes ${DATA_DESCRIPTION}. Files are split 90/10 into training and validation rows (seeded) and standardized
with the training rows' statistics.

The model file holds the best validated weights, the normalization (null for toy data) and the training metadata;
the loss history goes next to it (<out>.history.json). A checkpoint (<out>.ckpt.json) is written every
--checkpoint-every iterations and on Ctrl-C (exit code 130); --resume continues from it and ends with the same
result as an uninterrupted run. Each batch is split over --workers threads (every core by default); the count is
recorded, and --resume continues with it unless --workers says otherwise. Progress goes to stderr: a bar on a
terminal, log lines otherwise.

Examples:
  otflow train --data 8gaussians --out 8g.json
  otflow train --data swissroll --iters 2000 --batch 2048 --lr 0.05 --seed 3 --out swiss.json
  otflow train --data moons --model-kind velocity --out moons-velocity.json
  otflow train --data measurements.csv --out mine.json --json
  otflow train --data power --data-dir ~/maf/data --out power.json
  otflow train --resume 8g.ckpt.json`,
  options: {
    data: { type: 'string', valueName: DATA_VALUE_NAME, description: 'The training data.' },
    'data-dir': { type: 'string', valueName: 'folder', description: "The MAF bundle's data/ folder (benchmarks only)." },
    out: { type: 'string', short: 'o', valueName: 'model.json', description: 'Where to save the model.', defaultText: 'model.json' },
    seed: { type: 'string', valueName: 'integer', description: 'Seeds the initialization, the batches and the validation data.', defaultText: '0' },
    'val-fraction': {
      type: 'string',
      valueName: 'fraction',
      description: 'Share of a data file held out for validation.',
      defaultText: '0.1',
    },
    ...SETTINGS_OPTIONS,
    'checkpoint-every': {
      type: 'string',
      valueName: 'iterations',
      description: 'Write a checkpoint every this many iterations (0: only on Ctrl-C).',
      defaultText: '100',
    },
    resume: { type: 'string', valueName: 'checkpoint.json', description: 'Continue the run saved in this checkpoint.' },
    workers: WORKERS_OPTION,
    'log-every': { type: 'string', valueName: 'iterations', description: 'Log-line interval when stderr is not a terminal.', defaultText: '50' },
    json: { type: 'boolean', description: 'Print a machine-readable summary on stdout at the end.' },
  },
  subcommands: [trainMnistCommand],
  handlesInterrupt: true,
  async run(args, context) {
    const checkpointEvery = integerOption(args, 'checkpoint-every', 0) ?? 100;
    const logEvery = integerOption(args, 'log-every') ?? 50;
    const json = booleanOption(args, 'json');
    const resumePath = stringOption(args, 'resume');
    let outcome: TrainingRunOutcome;
    if (resumePath !== undefined) {
      const { plan, checkpoint, backend } = await resumeRun(args, resumePath);
      if (backend !== context.backend) {
        context.stderr.write(`Note: the run started on the ${backend} backend and continues on ${context.backend}; results can differ slightly.\n`);
      }
      // Checkpoints written before worker threads record no count: they ran on one thread.
      const recorded = checkpoint.workers ?? 1;
      const workers = args.options.workers === undefined ? recorded : workersOption(args);
      if (workers !== recorded) {
        context.stderr.write(
          `Note: the run split its batches over ${recorded} worker${recorded === 1 ? '' : 's'} and continues with ${workers}; ` +
            'results differ slightly from an uninterrupted run.\n',
        );
      }
      outcome = await runTraining({ plan, start: { checkpoint }, checkpointEvery, logEvery, workers, context });
    } else {
      const spec = parseDataSpec(requiredString(args, 'data', '8gaussians'), stringOption(args, 'data-dir'));
      const { overrides, modelKind, r } = readSettingsFlags(args);
      const settings = settingsFor(spec, overrides);
      if ('preset' in settings && spec.kind === 'toy' && settings.preset.validationSize < 1) throw new UsageError('--val-size must be at least 1 for toy data (the points sampled for validation)');
      const validationFraction = numberOption(args, 'val-fraction', { positive: true }) ?? 0.1;
      if (validationFraction >= 1) throw new UsageError(`--val-fraction must be below 1, got ${validationFraction}`);
      const out = stringOption(args, 'out') ?? 'model.json';
      if (!/\.json$/i.test(out)) throw new UsageError(`--out ${out}: a model file is JSON; name it *.json`);
      const plan: TrainingRunPlan = {
        data: spec,
        seed: integerOption(args, 'seed', 0) ?? 0,
        validationFraction,
        outputs: runOutputs(await checkOutputPath(out, '--out')),
      };
      outcome = await runTraining({ plan, start: { settings, modelKind, r }, checkpointEvery, logEvery, workers: workersOption(args), context });
    }
    return reportTrainingOutcome(outcome, context, json);
  },
};
