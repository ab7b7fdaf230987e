import type { Random } from '@otflow/random';
import { columnStatistics, standardize, type NumericMatrix } from '../normalization';
import { assertColumnCount, mafSplitSizes, splitRows } from './maf-split';
import type { TabularDataset } from './tabular-dataset';

/**
 * The MAF power/data.npy columns: global active power, global reactive power, voltage, global intensity,
 * sub-metering 1–3, time. MAF deletes column 3 (global intensity) and then column 1 (global reactive power).
 */
const KEPT_COLUMNS = [0, 2, 4, 5, 6, 7];
/** MAF's uniform noise per kept column: gap 0.001·U, voltage 0.01·U, sub-metering U each, time none. */
const NOISE_SCALES = [0.001, 0.01, 1, 1, 1, 0];

/**
 * numerics §10 POWER, as the MAF code does it: shuffle the rows, drop columns 3 and 1, add uniform noise per column,
 * split (test = last 10%, validation = last 10% of the rest), standardize with train+validation statistics (numpy
 * std, ddof 0). Computed in float64, stored as float32.
 */
export function preprocessPower(raw: NumericMatrix, random: Random, source: string): TabularDataset {
  assertColumnCount(raw.cols, 8, source, 'the MAF POWER file (7 measurements + time)');
  const { rows } = raw;
  const sizes = mafSplitSizes(rows, source);
  const d = KEPT_COLUMNS.length;
  const order = random.permutation(rows);
  const noisy = { data: new Float64Array(rows * d), rows, cols: d };
  for (let i = 0; i < rows; i++) {
    const sourceRow = order[i] * raw.cols;
    for (let k = 0; k < d; k++) {
      const noise = NOISE_SCALES[k] === 0 ? 0 : NOISE_SCALES[k] * random.uniform();
      noisy.data[i * d + k] = raw.data[sourceRow + KEPT_COLUMNS[k]] + noise;
    }
  }
  const normalization = columnStatistics(noisy, 0, sizes.train + sizes.validation);
  return { name: 'power', d, ...splitRows(standardize(noisy, normalization), sizes), normalization, columnNames: null };
}
