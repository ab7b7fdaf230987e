import { resolve } from 'node:path';
import { LATENT_ACTIVATIONS, resolveAutoencoderConfig, type LatentActivation } from '@otflow/model';
import { checkAutoencoderSettings, checkTrainingSettings, IMAGE_RECIPES, type ImageRecipe } from '@otflow/train';
import { UsageError, type Command, type ParsedArgs } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { formatDuration } from '../cli/format-duration';
import { formatQuantity } from '../cli/format-number';
import { booleanOption, integerOption, numberListOption, numberOption, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import type { ImageDataSpec } from '../images/image-data';
import { readImageRunCheckpoint, type ImageRunPlan } from '../images/image-run-checkpoint';
import { runImageTraining, type ImageRunOutcome } from '../images/image-training-run';
import { runOutputs } from '../training/run-outputs';

const RECIPES = Object.keys(IMAGE_RECIPES) as (keyof typeof IMAGE_RECIPES)[];

/** Flags that shape a new run; --resume takes all of them from its checkpoint. */
const RUN_FLAGS = ['mnist-dir', 'out', 'seed', 'recipe', 'latent', 'hidden', 'latent-activation', 'ae-iters', 'ae-batch', 'ae-lr', 'ae-lr-drop-every',
  'm', 'r', 'nt', 'nt-val', 'alph', 'batch', 'iters', 'lr', 'lr-drop-every', 'clamp', 'val-every', 'val-size'];

/** The recipe named by --recipe with every given flag on top. */
function recipeFromFlags(args: ParsedArgs): ImageRecipe {
  const name = (stringOption(args, 'recipe') ?? 'digits') as keyof typeof IMAGE_RECIPES;
  const base = IMAGE_RECIPES[name];
  const hiddenText = stringOption(args, 'hidden');
  const hidden = hiddenText === undefined ? undefined : hiddenText === 'none' ? [] : numberListOption(args, 'hidden', hiddenText.split(',').length, '256');
  if (hidden?.some((width) => !Number.isInteger(width) || width < 1)) throw new UsageError(`--hidden must be positive integer widths such as 256 or 512,256 (or none), got "${hiddenText}"`);
  const defined = <T extends object>(values: T): Partial<T> => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
  const recipe: ImageRecipe = {
    autoencoder: {
      config: {
        ...base.autoencoder.config,
        ...defined({ latentSize: integerOption(args, 'latent'), hidden, latentActivation: stringOption(args, 'latent-activation') as LatentActivation | undefined }),
      },
      settings: {
        ...base.autoencoder.settings,
        ...defined({
          iterations: integerOption(args, 'ae-iters'),
          batchSize: integerOption(args, 'ae-batch'),
          learningRate: numberOption(args, 'ae-lr', { positive: true }),
          learningRateDropEvery: integerOption(args, 'ae-lr-drop-every', 0),
        }),
      },
    },
    flow: {
      ...base.flow,
      ...defined({
        m: integerOption(args, 'm'),
        nt: integerOption(args, 'nt'),
        ntVal: integerOption(args, 'nt-val'),
        alph: numberListOption(args, 'alph', 3, '1,80,500') as [number, number, number] | undefined,
        batchSize: integerOption(args, 'batch'),
        iterations: integerOption(args, 'iters'),
        learningRate: numberOption(args, 'lr', { positive: true }),
        learningRateDropEvery: integerOption(args, 'lr-drop-every', 0),
        clampWeights: numberOption(args, 'clamp', { min: 0 }),
        validateEvery: integerOption(args, 'val-every'),
      }),
    },
    // A recipe's full-rank term follows a changed code size: r ≤ d + 1 is all a quadratic in (x, t) can use.
    ...defined({ flowRank: integerOption(args, 'r') ?? (base.flowRank === undefined ? undefined : Math.min(base.flowRank, (integerOption(args, 'latent') ?? base.flowRank) + 1)) }),
  };
  // Checked now, not after the autoencoder phase.
  resolveAutoencoderConfig(recipe.autoencoder.config);
  checkAutoencoderSettings(recipe.autoencoder.settings);
  checkTrainingSettings(recipe.flow);
  return recipe;
}

function report(outcome: ImageRunOutcome, context: Parameters<Command['run']>[1], json: boolean): number {
  if (outcome.status === 'interrupted') {
    const checkpoint = displayPath(outcome.checkpoint);
    context.stderr.write(`Interrupted in the ${outcome.phase} phase after iteration ${outcome.iteration}; checkpoint saved to ${checkpoint}. Resume with: otflow train mnist --resume ${checkpoint}\n`);
    return 130;
  }
  const { summary } = outcome;
  const best = summary.flow.best;
  context.stderr.write(
    [
      `Autoencoder: ${summary.autoencoder.iterations} iterations in ${formatDuration(summary.autoencoder.wallSeconds * 1000)}, best validation MSE ${summary.autoencoder.bestValidationMse === null ? 'n/a' : formatQuantity(summary.autoencoder.bestValidationMse)}.`,
      `Flow: ${summary.flow.iterations} iterations in ${formatDuration(summary.flow.wallSeconds * 1000)}` +
        (best ? `, best validation at iteration ${best.iteration}: latent NLL ${formatQuantity(best.nll)}, J ${formatQuantity(best.objective)}.` : '.'),
      `Model (autoencoder + flow): ${displayPath(summary.model)}`,
      `Loss history: ${displayPath(summary.history)}`,
    ].join('\n') + '\n',
  );
  if (json) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

export const trainMnistCommand: Command = {
  name: 'train mnist',
  summary: 'Train an image model: an autoencoder, then OT-Flow on its latent codes (built-in digits or MNIST files).',
  help: `Usage: otflow train mnist [--mnist-dir folder] [--out digits.json] [--recipe digits|reference] [settings…]
       otflow train mnist --resume <checkpoint.json>

Trains in two phases, as the OT-Flow authors' MNIST experiment does: a dense autoencoder (Adam on the reconstruction
error), then OT-Flow's potential on its latent codes, standardized by their mean and std (+ 1e-6). Without
--mnist-dir it trains on the 10,000 built-in digits (8,000 train, 1,000 validate; the last 1,000 stay held out for
"otflow eval"); with it, on MNIST's IDX files (60,000 split 50,000 / 10,000, test split held out).

--recipe digits (default) trains a 32-d code (no ReLU on it) and a potential with m = 64, a full quadratic term
(r = 33), nt 4, batch 256 for 1,500 steps: tens of minutes on two cores. --recipe reference is the authors' setting (128-d ReLU code, m = 128, nt 8,
batch 800, 50,000 steps): about a minute per step on a CPU. Flags override either.

The model file holds the flow, the latent normalization, the autoencoder and the image spec; sample, interpolate and
eval read it. A checkpoint (<out>.ckpt.json) is written every --checkpoint-every iterations of either phase and on
Ctrl-C (exit code 130); --resume continues in the phase it stopped in. The flow phase splits each batch over --workers
threads (every core by default; the count is recorded, and --resume keeps it unless --workers says otherwise); the
autoencoder trains on this thread.

Examples:
  otflow train mnist --out digits.json
  otflow train mnist --out quick.json --ae-iters 200 --iters 300
  otflow train mnist --mnist-dir ~/mnist --recipe reference --out mnist.json
  otflow train mnist --resume digits.ckpt.json`,
  options: {
    'mnist-dir': { type: 'string', valueName: 'folder', description: "A folder with MNIST's IDX files (train-images-idx3-ubyte[.gz], …).", defaultText: 'the built-in digits' },
    out: { type: 'string', short: 'o', valueName: 'model.json', description: 'Where to save the model.', defaultText: 'digits.json' },
    seed: { type: 'string', valueName: 'integer', description: 'Seeds the initializations and the batches.', defaultText: '0' },
    recipe: { type: 'string', valueName: 'name', description: 'The settings to start from.', choices: RECIPES, defaultText: 'digits' },
    latent: { type: 'string', valueName: 'size', description: 'Latent code size (the flow\'s d).', defaultText: "the recipe's" },
    hidden: { type: 'string', valueName: 'widths', description: 'Hidden layer widths between the pixels and the code, e.g. 256 (none: one layer each way).', defaultText: 'none' },
    'latent-activation': { type: 'string', valueName: 'name', description: 'What the encoder applies to the code.', choices: LATENT_ACTIVATIONS, defaultText: "the recipe's" },
    'ae-iters': { type: 'string', valueName: 'count', description: 'Autoencoder optimizer steps.', defaultText: "the recipe's" },
    'ae-batch': { type: 'string', valueName: 'size', description: 'Autoencoder batch size.', defaultText: "the recipe's" },
    'ae-lr': { type: 'string', valueName: 'rate', description: 'Autoencoder learning rate.', defaultText: "the recipe's" },
    'ae-lr-drop-every': { type: 'string', valueName: 'steps', description: 'Divide the autoencoder learning rate by 10 every this many steps (0: never).', defaultText: "the recipe's" },
    m: { type: 'string', valueName: 'width', description: "Width of the potential's ResNet.", defaultText: "the recipe's" },
    r: { type: 'string', valueName: 'rank', description: "Rank of the potential's quadratic term (d + 1: a full quadratic, so the flow can represent any affine map).", defaultText: "the recipe's, else min(10, d + 1)" },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps in flow training.', defaultText: "the recipe's" },
    'nt-val': { type: 'string', valueName: 'steps', description: 'RK4 steps in flow validation.', defaultText: "the recipe's" },
    alph: { type: 'string', valueName: 'L,C,R', description: 'Objective weights α_L, α_C, α_R.', defaultText: '1,80,500' },
    batch: { type: 'string', valueName: 'size', description: 'Flow batch size.', defaultText: "the recipe's" },
    iters: { type: 'string', valueName: 'count', description: 'Flow optimizer steps.', defaultText: "the recipe's" },
    lr: { type: 'string', valueName: 'rate', description: 'Flow learning rate.', defaultText: '0.008' },
    'lr-drop-every': { type: 'string', valueName: 'steps', description: 'Divide the flow learning rate by √10 every this many steps (0: never).', defaultText: "the recipe's" },
    clamp: { type: 'string', valueName: 'c', description: 'Clamp every flow weight to [−c, c] before each step (0: off).', defaultText: '2' },
    'val-every': { type: 'string', valueName: 'steps', description: 'Validate the flow every this many steps.', defaultText: "the recipe's" },
    'val-size': { type: 'string', valueName: 'images', description: 'Validate the flow on at most this many validation images (0: all).', defaultText: '0' },
    'checkpoint-every': { type: 'string', valueName: 'iterations', description: 'Write a checkpoint every this many iterations (0: only on Ctrl-C).', defaultText: '50' },
    resume: { type: 'string', valueName: 'checkpoint.json', description: 'Continue the run saved in this checkpoint.' },
    'log-every': { type: 'string', valueName: 'iterations', description: 'Log-line interval when stderr is not a terminal.', defaultText: '50' },
    workers: WORKERS_OPTION,
    json: { type: 'boolean', description: 'Print a machine-readable summary on stdout at the end.' },
  },
  handlesInterrupt: true,
  async run(args, context) {
    const checkpointEvery = integerOption(args, 'checkpoint-every', 0) ?? 50;
    const logEvery = integerOption(args, 'log-every') ?? 50;
    const resumePath = stringOption(args, 'resume');
    let plan: ImageRunPlan;
    let resume = null;
    if (resumePath !== undefined) {
      const conflicting = RUN_FLAGS.filter((name) => args.options[name] !== undefined);
      if (conflicting.length > 0) throw new UsageError(`--resume continues a run with the data, settings and outputs saved in its checkpoint; drop ${conflicting.map((n) => `--${n}`).join(', ')}`);
      resume = await readImageRunCheckpoint(resumePath);
      plan = { ...resume.plan, outputs: { ...resume.plan.outputs, checkpoint: resolve(resumePath) } };
      await checkOutputPath(plan.outputs.model, 'the model file');
      if (resume.backend !== context.backend) context.stderr.write(`Note: the run started on the ${resume.backend} backend and continues on ${context.backend}; results can differ slightly.\n`);
    } else {
      const out = stringOption(args, 'out') ?? 'digits.json';
      if (!/\.json$/i.test(out)) throw new UsageError(`--out ${out}: a model file is JSON; name it *.json`);
      const mnistDir = stringOption(args, 'mnist-dir');
      const data: ImageDataSpec = mnistDir === undefined ? { kind: 'digits' } : { kind: 'mnist', dir: resolve(mnistDir) };
      plan = {
        data,
        seed: integerOption(args, 'seed', 0) ?? 0,
        recipe: recipeFromFlags(args),
        validationSize: integerOption(args, 'val-size', 0) ?? 0,
        outputs: runOutputs(await checkOutputPath(out, '--out')),
      };
    }
    const workers = args.options.workers === undefined && resume !== null ? undefined : workersOption(args);
    const outcome = await runImageTraining({ plan, resume, checkpointEvery, logEvery, workers, context });
    return report(outcome, context, booleanOption(args, 'json'));
  },
};
