import { checkTrainingSettings, definedOnly, type TrainingSettings } from './presets';

/** The size of a data set of the user's own: what the settings fitted to it depend on. */
export interface DataShape {
  /** Columns (the dimension d). */
  d: number;
  /** Rows the model trains on (the validation rows excluded). */
  trainRows: number;
}

/** Rows below which a wider network would mostly memorize, for each width step. */
const ROWS_PER_WIDTH: readonly [number, number][] = [
  [5_000, 32],
  [50_000, 64],
  [500_000, 128],
];

/** The ResNet's width: the published widths grow with d (32 at d = 2 up to 256–512 for d ≥ 21), capped by the rows. */
function widthFor({ d, trainRows }: DataShape): number {
  const byDimension = d <= 3 ? 32 : Math.min(256, 32 * Math.ceil(d / 2));
  const byRows = ROWS_PER_WIDTH.find(([rows]) => trainRows < rows)?.[1] ?? 256;
  return Math.min(byDimension, byRows);
}

/**
 * Settings for a data set of the user's own, from its size alone (a named toy density or benchmark keeps its
 * published row instead):
 *
 * - Low dimension (d ≤ 3) follows the published 2-D recipe: width 32, α = 1, 30, 1, no weight clamping, and 6 RK4
 *   steps in training (12 in validation), as OT-Flow's straight paths allow. Higher dimension follows the tabular
 *   recipe: α = 1, 500, 5, weights clamped to ±1.5, 8 steps (16 in validation), and a width that grows with d.
 * - The width is also capped by the rows (32 below 5,000, 64 below 50,000, 128 below 500,000): a wide network on a
 *   few hundred points learns the points, not their density.
 * - The batch is every training row up to 1,024 (2-D) or 2,000 (higher d), the published batch sizes' scale.
 * - Iterations: 50 passes over the training rows, at least 600 and at most 20,000. A small file trains for 600
 *   full-batch steps, which takes well under a minute on one core for 1,000 two-column rows.
 * - Learning rate 0.05, halved every quarter of the run; validation about 40 times per run (every 25 to 250 steps),
 *   and the best validated model is kept.
 *
 * `overrides` replace any field (the CLI's flags); the result is checked like every other setting.
 */
export function settingsForData(shape: DataShape, overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  const { d, trainRows } = shape;
  if (!Number.isInteger(d) || d < 1) throw new Error(`The data's dimension d must be a positive integer, got ${d}.`);
  if (!Number.isInteger(trainRows) || trainRows < 1) {
    throw new Error(`The data needs at least one training row to choose settings for, got ${trainRows}.`);
  }
  const lowDimension = d <= 3;
  const batchSize = Math.min(trainRows, lowDimension ? 1024 : 2000);
  const iterations = Math.min(20_000, Math.max(600, Math.ceil((50 * trainRows) / batchSize)));
  const nt = lowDimension ? 6 : 8;
  const fitted: TrainingSettings = {
    m: widthFor(shape),
    nTh: 2,
    nt,
    ntVal: 2 * nt,
    batchSize,
    alph: lowDimension ? [1, 30, 1] : [1, 500, 5],
    iterations,
    learningRate: 0.05,
    learningRateDropEvery: Math.round(iterations / 4),
    learningRateDropFactor: 2,
    resampleEvery: 1,
    validateEvery: Math.min(250, Math.max(25, Math.round(iterations / 40))),
    validationSize: 0,
    earlyStoppingPatience: 0,
    maxPlateauDrops: 0,
    clampWeights: lowDimension ? 0 : 1.5,
  };
  return checkTrainingSettings({ ...fitted, ...definedOnly(overrides) });
}
