import { Random } from '@otflow/random';
import { assertDataMatrix, type DataMatrix } from './data-matrix';
import { columnStatistics, standardize, type Normalization } from './normalization';

export interface StandardizedSplitOptions {
  /** Seeds the shuffle that decides which rows are held out. */
  seed: number | string;
  /** Share of the rows held out for validation, in (0, 1). Default 0.1. */
  validationFraction?: number;
  /** Names for error messages about constant columns (a CSV header). */
  columnNames?: readonly string[] | null;
}

export interface StandardizedSplit {
  train: DataMatrix;
  validation: DataMatrix;
  /** The training rows' statistics, used for both parts: data units = standardized·std + mean. */
  normalization: Normalization;
}

/**
 * Prepares a user's own data for training the way the tabular benchmarks are prepared: shuffles the rows with a
 * seeded permutation, holds out `validationFraction` of them (at least one row) for validation, and standardizes
 * both parts with the training rows' column means and standard deviations (ddof 0).
 */
export function standardizedSplit(matrix: DataMatrix, options: StandardizedSplitOptions): StandardizedSplit {
  assertDataMatrix(matrix, 'standardizedSplit(matrix)');
  const fraction = options.validationFraction ?? 0.1;
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new Error(`standardizedSplit: validationFraction must be a number in (0, 1), got ${String(fraction)}.`);
  }
  const { rows, cols, data } = matrix;
  const validationRows = Math.max(1, Math.round(fraction * rows));
  const trainRows = rows - validationRows;
  if (trainRows < 2) {
    throw new Error(
      `standardizedSplit: ${rows} rows leave ${trainRows} for training after holding out ${validationRows} for validation; ` +
        'at least 2 training rows are needed to standardize (use more data).',
    );
  }
  const order = new Random(options.seed).permutation(rows);
  const shuffled = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) shuffled.set(data.subarray(order[i] * cols, (order[i] + 1) * cols), i * cols);
  const train = { data: shuffled.subarray(0, trainRows * cols), rows: trainRows, cols };
  const validation = { data: shuffled.subarray(trainRows * cols), rows: validationRows, cols };
  const normalization = columnStatistics(train, 0, trainRows, options.columnNames ?? undefined);
  return { train: standardize(train, normalization), validation: standardize(validation, normalization), normalization };
}
