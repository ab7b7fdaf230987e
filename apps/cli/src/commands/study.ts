import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FLOW_MODEL_KINDS, type FlowModelKind } from '@otflow/model';
import { loadModelFile } from '@otflow/model/node';
import { Flow } from '@otflow/runtime';
import { UsageError, type Command, type CommandContext, type ParsedArgs } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { booleanOption, integerOption, numberOption, stringOption } from '../cli/option-values';
import { writePng } from '../plot/figure';
import { THEME } from '../plot/theme';
import { renderTrajectoriesFigure } from '../plot/trajectories-figure';
import { runAlphaStudy, type AlphaRun } from '../study/alpha-study';
import { runSamplesStudy, type SamplesRun } from '../study/samples-study';
import { figureGrid, renderStudyFigure, type StudySeries } from '../study/study-figure';
import { formatStudyNumber, markdownTable, terminalTable, type StudyColumn } from '../study/study-table';
import type { StudyBudget } from '../study/study-training';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';

const DEFAULT_ALPHAS = [1, 3, 10, 30, 100, 300, 1000];
const DEFAULT_SIZES = [64, 256, 1024, 4096, 16384];
const DEFAULT_BUDGET: StudyBudget = {
  m: 32,
  nTh: 2,
  nt: 8,
  ntTest: 16,
  batchSize: 1024,
  iterations: 400,
  learningRate: 0.05,
  learningRateDropEvery: 150,
  resampleEvery: 25,
  validateEvery: 50,
};
const TEST_SIZE = 4096;
/**
 * The velocity network's runs that continue from the previous α_C's model. On fresh draws every 25 steps it chases
 * each batch's C with moves that keep the density but cost L (a general field can rotate its output; a gradient field
 * cannot), and at α_C = 1000 its L stayed 10 % above ½W₂²; a new batch after 200 steps on one put L back up from 2 %
 * to 10 %. A lower rate on one batch for the whole run lets the L term, 1/α_C of the objective, steer it; the batch is
 * large (16 × the default) because the run then fits that batch's own transport cost, which for 4,096 points is off
 * by ±1.6 % (docs/convergence.md).
 */
const VELOCITY_CONTINUATION = { learningRate: 0.005, batchSize: 16384, iterations: 100, learningRateDropEvery: 50 };

/** A comma-separated list of positive numbers, e.g. `--alphas 1,10,100`. */
function positiveList(args: ParsedArgs, name: string, integer: boolean, example: string): number[] | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length === 0 || parts.some((n) => !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))) {
    throw new UsageError(`--${name} must be comma-separated ${integer ? 'positive integers' : 'positive numbers'} such as ${example}, got "${value}"`);
  }
  return parts;
}

function budgetFrom(args: ParsedArgs): StudyBudget {
  const iterations = integerOption(args, 'iters') ?? DEFAULT_BUDGET.iterations;
  return {
    ...DEFAULT_BUDGET,
    m: integerOption(args, 'm') ?? DEFAULT_BUDGET.m,
    nt: integerOption(args, 'nt') ?? DEFAULT_BUDGET.nt,
    ntTest: integerOption(args, 'nt-test') ?? DEFAULT_BUDGET.ntTest,
    batchSize: integerOption(args, 'batch') ?? DEFAULT_BUDGET.batchSize,
    iterations,
    // The schedule scales with the run: two halvings, at 3/8 and 6/8 of it (150 and 300 of the default 400 steps).
    learningRateDropEvery: Math.max(1, Math.round((iterations * 3) / 8)),
    learningRate: numberOption(args, 'lr', { positive: true }) ?? DEFAULT_BUDGET.learningRate,
  };
}

/** The velocity network's budget for continued runs: its own defaults where no flag is given (a flag applies to every run). */
function velocityContinuationBudget(args: ParsedArgs, budget: StudyBudget): StudyBudget {
  const own = VELOCITY_CONTINUATION;
  const continued: StudyBudget = {
    ...budget,
    learningRate: args.options.lr === undefined ? own.learningRate : budget.learningRate,
    batchSize: args.options.batch === undefined ? own.batchSize : budget.batchSize,
    ...(args.options.iters === undefined ? { iterations: own.iterations, learningRateDropEvery: own.learningRateDropEvery } : {}),
  };
  // One batch for the whole run.
  return { ...continued, resampleEvery: continued.iterations };
}

async function writeTables<Run>(outDir: string, runs: readonly Run[], columns: readonly StudyColumn<Run>[], heading: string, context: CommandContext) {
  context.stderr.write(`\n${terminalTable(runs, columns)}\n`);
  const markdown = join(outDir, 'table.md');
  await writeFile(markdown, `${heading}\n\n${markdownTable(runs, columns)}\n`);
  return markdown;
}

const ALPHA_COLUMNS: readonly StudyColumn<AlphaRun>[] = [
  { header: 'model', value: (run) => run.kind },
  { header: 'α_C', value: (run) => String(run.alphaC) },
  { header: 'L', value: (run) => formatStudyNumber(run.transportCost) },
  { header: '½W₂²', value: (run) => formatStudyNumber(run.halfW2Squared) },
  { header: '|L−½W₂²|/½W₂²', value: (run) => `${(100 * run.relativeTransportGap).toFixed(1)} %` },
  // Results files from before the paired gap have none.
  { header: 'gap (paired)', value: (run) => (Number.isFinite(run.pairedTransportGap) ? `${(100 * run.pairedTransportGap).toFixed(1)} %` : '—') },
  { header: 'KL gap', value: (run) => formatStudyNumber(run.klGap) },
  { header: 'KL (paired)', value: (run) => formatStudyNumber(run.klPaired) },
  { header: 'map error', value: (run) => formatStudyNumber(run.mapError) },
  { header: 'R', value: (run) => formatStudyNumber(run.hjb) },
  { header: 'test NLL', value: (run) => formatStudyNumber(run.nll) },
  { header: 'wall (s)', value: (run) => run.wallSeconds.toFixed(1) },
];

const SAMPLES_COLUMNS: readonly StudyColumn<SamplesRun>[] = [
  { header: 'model', value: (run) => run.kind },
  { header: 'N', value: (run) => String(run.n) },
  { header: 'training J', value: (run) => formatStudyNumber(run.trainObjective) },
  { header: 'test J', value: (run) => formatStudyNumber(run.testObjective) },
  { header: 'gap', value: (run) => formatStudyNumber(run.generalizationGap) },
  { header: 'test NLL', value: (run) => formatStudyNumber(run.testNll) },
  { header: 'KL (paired)', value: (run) => formatStudyNumber(run.testKlPaired) },
  { header: 'wall (s)', value: (run) => run.wallSeconds.toFixed(1) },
];

const MODEL_KIND_CHOICES = [...FLOW_MODEL_KINDS, 'both'] as const;

/** How each model kind is named and coloured in the figures. */
const KIND_STYLE: Record<FlowModelKind, { label: string; color: string }> = {
  potential: { label: 'potential (OT-Flow)', color: THEME.primary },
  velocity: { label: 'velocity network', color: THEME.secondary },
};

function modelKindsFrom(args: ParsedArgs): FlowModelKind[] {
  const chosen = stringOption(args, 'model-kind') ?? 'both';
  return chosen === 'both' ? [...FLOW_MODEL_KINDS] : [chosen as FlowModelKind];
}

/** The kinds present in `runs`, in the order of FLOW_MODEL_KINDS. */
function kindsIn(runs: readonly { kind: FlowModelKind }[]): FlowModelKind[] {
  return FLOW_MODEL_KINDS.filter((kind) => runs.some((run) => run.kind === kind));
}

/** One curve per model kind of `value` against the swept setting `x`. */
function seriesPerKind<Run extends { kind: FlowModelKind }>(
  runs: readonly Run[],
  x: (run: Run) => number,
  value: (run: Run) => number,
  options: { suffix?: string; dashed?: boolean } = {},
): StudySeries[] {
  return kindsIn(runs).map((kind) => {
    const own = runs.filter((run) => run.kind === kind);
    const { label, color } = KIND_STYLE[kind];
    return { label: `${label}${options.suffix ?? ''}`, xs: own.map(x), values: own.map(value), color, dashed: options.dashed };
  });
}

/** Trajectories of the smallest-α and the largest-α models of each kind: a row per kind. */
async function writeAlphaTrajectories(runs: readonly AlphaRun[], outDir: string, nt: number, seed: number, context: CommandContext): Promise<string> {
  const rows = [];
  for (const kind of kindsIn(runs)) {
    const own = runs.filter((run) => run.kind === kind);
    const chosen = own.length > 1 ? [own[0], own[own.length - 1]] : [own[0]];
    const row = [];
    for (const run of chosen) {
      const { model } = await loadModelFile(run.model);
      const flow = new Flow(model, null, null, nt);
      try {
        row.push(await renderTrajectoriesFigure(flow, { particles: 150, nt, seed, title: `${KIND_STYLE[kind].label}, α_C = ${run.alphaC}` }));
      } finally {
        flow.dispose();
      }
      if (context.signal.aborted) break;
    }
    rows.push(row);
  }
  const path = join(outDir, 'trajectories.png');
  await writePng(figureGrid(rows, 'Trajectories from y ~ N(0, I) back to the data: small and large α'), path);
  return path;
}

function describeKinds(kinds: readonly FlowModelKind[]): string {
  return kinds.map((kind) => KIND_STYLE[kind].label).join(' and ');
}

async function alphaStudy(args: ParsedArgs, context: CommandContext, outDir: string, seed: number): Promise<string[]> {
  const d = integerOption(args, 'd') ?? 2;
  const alphaCs = positiveList(args, 'alphas', false, '1,10,100') ?? DEFAULT_ALPHAS;
  const alphaR = numberOption(args, 'alpha-r', { min: 0 }) ?? 1;
  const budget = budgetFrom(args);
  const testSize = integerOption(args, 'test-size') ?? TEST_SIZE;
  const modelKinds = modelKindsFrom(args);
  const continuation = !booleanOption(args, 'from-scratch');
  const continuedBudgets = { velocity: velocityContinuationBudget(args, budget) };
  const velocityNote =
    continuation && modelKinds.includes('velocity')
      ? ` (the velocity network's continued runs: ${continuedBudgets.velocity.iterations} steps of batch ${continuedBudgets.velocity.batchSize} from lr ${continuedBudgets.velocity.learningRate})`
      : '';
  const velocitySubtitle =
    continuation && modelKinds.includes('velocity')
      ? ` (velocity: ${continuedBudgets.velocity.iterations} on one batch of ${continuedBudgets.velocity.batchSize})`
      : '';
  context.stderr.write(
    `Alpha study: d = ${d}, α_C ∈ {${alphaCs.join(', ')}}, α_L = 1, α_R = ${alphaR}, ${describeKinds(modelKinds)}, ` +
      `${budget.iterations} steps of batch ${budget.batchSize} each${continuation ? ', each α starting from the last' : ', each from scratch'}${velocityNote}.\n`,
  );
  const started = performance.now();
  const { runs, gaussian, testCrossEntropy, complete } = await runAlphaStudy({
    d, alphaCs, alphaR, modelKinds, continuation, continuedBudgets, budget, testSize, seed, outDir, signal: context.signal, log: (line) => context.stderr.write(`${line}\n`),
    workers: workersOption(args),
  });
  if (runs.length === 0) return [join(outDir, 'results.json')];
  const heading =
    `Alpha study, d = ${d}, ½W₂² = ${gaussian.halfW2Squared.toFixed(4)}, data entropy ${gaussian.entropy.toFixed(4)} nats ` +
    `(the test points' mean −log ρ0: ${testCrossEntropy.toFixed(4)}); ` +
    `${describeKinds(kindsIn(runs))}, α_L = 1, α_R = ${alphaR} (the velocity network has no R), nt = ${budget.nt}, ` +
    `nt_test = ${budget.ntTest}, seed ${seed}${continuation ? '; each α_C starts from the previous α_C\'s model' : ''}.`;
  const table = await writeTables(outDir, runs, ALPHA_COLUMNS, heading, context);
  const figure = join(outDir, 'figure.png');
  const alpha = (run: AlphaRun) => run.alphaC;
  await writePng(
    renderStudyFigure({
      title: `Flows against α_C: Gaussian data, d = ${d}`,
      subtitle:
        `α_L = 1, α_R = ${alphaR}, ${budget.iterations} steps${continuation ? ' from the previous α' : ''}${velocitySubtitle}, nt = ${budget.nt}, ` +
        `test on ${testSize} points (nt = ${budget.ntTest})`,
      xLabel: 'α_C',
      panels: [
        { title: 'Transport cost L', series: seriesPerKind(runs, alpha, (r) => r.transportCost), reference: { label: '½W₂² (closed form)', value: gaussian.halfW2Squared } },
        { title: 'KL: test C − test points’ −log ρ0', series: seriesPerKind(runs, alpha, (r) => r.klPaired), reference: { label: 'zero', value: 0 } },
        { title: 'Map error E‖f(x) − T(x)‖', series: seriesPerKind(runs, alpha, (r) => r.mapError) },
      ],
    }),
    figure,
  );
  const trajectories = await writeAlphaTrajectories(runs, outDir, budget.ntTest, seed, context);
  context.stderr.write(`${complete ? 'Done' : 'Stopped early (resume by running the same command)'} in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
  return [join(outDir, 'results.json'), table, figure, trajectories];
}

async function samplesStudy(args: ParsedArgs, context: CommandContext, outDir: string, seed: number): Promise<string[]> {
  const d = integerOption(args, 'd') ?? 2;
  const sizes = positiveList(args, 'sizes', true, '64,1024,16384') ?? DEFAULT_SIZES;
  const alphaC = numberOption(args, 'alpha-c', { positive: true }) ?? 30;
  const alphaR = numberOption(args, 'alpha-r', { min: 0 }) ?? 1;
  const alph: [number, number, number] = [1, alphaC, alphaR];
  const budget = budgetFrom(args);
  const testSize = integerOption(args, 'test-size') ?? TEST_SIZE;
  const modelKinds = modelKindsFrom(args);
  context.stderr.write(
    `Samples study: d = ${d}, N ∈ {${sizes.join(', ')}}, alph ${alph.join(',')}, ${describeKinds(modelKinds)}, ` +
      `${budget.iterations} steps each.\n`,
  );
  const started = performance.now();
  const { runs, complete } = await runSamplesStudy({
    d, sizes, alph, modelKinds, budget, testSize, seed, outDir, signal: context.signal, log: (line) => context.stderr.write(`${line}\n`),
    workers: workersOption(args),
  });
  if (runs.length === 0) return [join(outDir, 'results.json')];
  const heading =
    `Samples study, d = ${d}: ${describeKinds(kindsIn(runs))}, alph ${alph.join(',')} (the velocity network has no R), ` +
    `nt = ${budget.nt}, nt_test = ${budget.ntTest}, test on ${testSize} held-out points, seed ${seed}.`;
  const table = await writeTables(outDir, runs, SAMPLES_COLUMNS, heading, context);
  const figure = join(outDir, 'figure.png');
  const size = (run: SamplesRun) => run.n;
  await writePng(
    renderStudyFigure({
      title: `Flows on N fixed training points: Gaussian data, d = ${d}`,
      subtitle: `alph ${alph.join(',')}, ${budget.iterations} steps, batch min(N, ${budget.batchSize}), test on ${testSize} held-out points`,
      xLabel: 'N (training points)',
      panels: [
        {
          title: 'Objective J: training (solid), test (dashed)',
          series: [
            ...seriesPerKind(runs, size, (r) => r.trainObjective),
            ...seriesPerKind(runs, size, (r) => r.testObjective, { suffix: ', test set', dashed: true }),
          ],
        },
        { title: 'Gap: test J − training J', series: seriesPerKind(runs, size, (r) => r.generalizationGap), reference: { label: 'zero', value: 0 } },
        { title: 'Test NLL (nats)', series: seriesPerKind(runs, size, (r) => r.testNll) },
      ],
    }),
    figure,
  );
  context.stderr.write(`${complete ? 'Done' : 'Stopped early (resume by running the same command)'} in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
  return [join(outDir, 'results.json'), table, figure];
}

const STUDIES = ['alpha', 'samples'] as const;

export const studyCommand: Command = {
  name: 'study',
  summary: 'Run the convergence experiments of docs/numerics.md §6 on Gaussian data (alpha or samples).',
  help: `Usage: otflow study alpha [--d 2] [--alphas ${DEFAULT_ALPHAS.join(',')}] [--alpha-r 1] [--model-kind both] [--from-scratch] [--out study-alpha]
       otflow study samples [--d 2] [--sizes ${DEFAULT_SIZES.join(',')}] [--alpha-c 30] [--model-kind both] [--out study-samples]

Gaussian data N(μ, Σ) (non-zero mean, anisotropic rotated covariance, seeded) has a closed-form OT map to N(0, I),
so the analysis' claims can be checked. Each setting trains OT-Flow's potential and the analysis' velocity network
(v(x, t) directly, no potential and no HJB term) on the same data, unless --model-kind picks one:
  alpha    for each α_C (α_L = 1): transport cost L against ½W₂², the KL gap (test C − data entropy, and paired:
           test C − the test points' own −log ρ0, free of the test sample's noise), the map
           error E‖f(x) − T(x)‖, R and the test NLL; fresh training draws every ${DEFAULT_BUDGET.resampleEvery} steps.
           Each α starts from the previous α's model (a continuation in α: the first from scratch); the
           velocity network's continued runs take ${VELOCITY_CONTINUATION.iterations} steps on one batch of ${VELOCITY_CONTINUATION.batchSize} from lr ${VELOCITY_CONTINUATION.learningRate} (unless
           --iters, --batch or --lr say otherwise). --from-scratch trains every α independently.
  samples  for each N: one fixed training set of N points (no resampling), training J, held-out test J, their gap
           and the test NLL.
Writes into --out: results.json (after every run; rerunning the same command skips finished runs), table.md,
figure.png and, for alpha, trajectories.png and models/*.json.

Examples:
  otflow study alpha
  otflow study alpha --d 8 --out study-alpha-d8
  otflow study samples --sizes 64,1024,16384
  otflow study alpha --model-kind velocity --out study-alpha-velocity
  otflow study alpha --from-scratch --out study-alpha-independent`,
  positionals: [{ name: 'study', description: `Which study: ${STUDIES.join(' or ')}.`, required: true }],
  options: {
    d: { type: 'string', valueName: 'dimension', description: 'Data dimension.', defaultText: '2' },
    alphas: { type: 'string', valueName: 'list', description: 'α_C values (alpha study).', defaultText: DEFAULT_ALPHAS.join(',') },
    sizes: { type: 'string', valueName: 'list', description: 'Training-set sizes N (samples study).', defaultText: DEFAULT_SIZES.join(',') },
    'alpha-c': { type: 'string', valueName: 'number', description: 'α_C of the samples study.', defaultText: '30' },
    'alpha-r': { type: 'string', valueName: 'number', description: 'α_R, the HJB penalty (potential only).', defaultText: '1' },
    'from-scratch': {
      type: 'boolean',
      description: 'Alpha study: train every α_C from the seeded initialization instead of from the previous α_C\'s model.',
    },
    'model-kind': {
      type: 'string',
      valueName: 'kind',
      description: 'Which models each setting trains.',
      choices: MODEL_KIND_CHOICES,
      defaultText: 'both',
    },
    iters: { type: 'string', valueName: 'count', description: 'Training steps per run.', defaultText: String(DEFAULT_BUDGET.iterations) },
    batch: { type: 'string', valueName: 'size', description: 'Training batch size.', defaultText: String(DEFAULT_BUDGET.batchSize) },
    m: { type: 'string', valueName: 'width', description: 'Network width.', defaultText: String(DEFAULT_BUDGET.m) },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps in training.', defaultText: String(DEFAULT_BUDGET.nt) },
    'nt-test': { type: 'string', valueName: 'steps', description: 'RK4 steps for the test measurements.', defaultText: String(DEFAULT_BUDGET.ntTest) },
    lr: { type: 'string', valueName: 'rate', description: 'Initial learning rate (halved at 3/8 and 6/8 of the steps).', defaultText: String(DEFAULT_BUDGET.learningRate) },
    'test-size': { type: 'string', valueName: 'count', description: 'Held-out test points.', defaultText: String(TEST_SIZE) },
    seed: { type: 'string', valueName: 'integer', description: 'Seeds the data and every run.', defaultText: '0' },
    out: { type: 'string', valueName: 'folder', description: 'Output folder.', defaultText: 'study-<name>' },
    workers: WORKERS_OPTION,
  },
  handlesInterrupt: true,
  async run(args, context) {
    const study = args.positionals[0];
    if (study !== 'alpha' && study !== 'samples') throw new UsageError(`the study must be one of ${STUDIES.join(', ')}; got "${study ?? ''}"`);
    const seed = integerOption(args, 'seed', 0) ?? 0;
    const outDir = resolve(stringOption(args, 'out') ?? `study-${study}`);
    await mkdir(outDir, { recursive: true });
    const files = study === 'alpha' ? await alphaStudy(args, context, outDir, seed) : await samplesStudy(args, context, outDir, seed);
    context.stderr.write(`Written:\n${files.map((file) => `  ${displayPath(file)}`).join('\n')}\n`);
    return context.signal.aborted ? 130 : 0;
  },
};
