import { columnStatistics, standardize, type NumericMatrix } from '../normalization';
import type { TabularDataset } from './tabular-dataset';

/** A feature is dropped when its smallest value occurs more than this many times in train. */
const REPEAT_LIMIT = 5;

/**
 * numerics §10 HEPMASS from the signal rows (label 1, label removed) of 1000_train.csv and 1000_test.csv: drop the
 * features MAF drops; standardize both files with train statistics (pandas std, ddof 1); validation = the last
 * ⌊0.1·N⌋ train rows. MAF standardizes before choosing the features; an affine map keeps which value is smallest and
 * how often it occurs, so choosing first gives the same features and lets a constant column (which MAF would turn
 * into NaN) simply be dropped.
 *
 * numerics §10 states the rule as the MAF code computes it: `Counter(feature)` sorted by value, then `[0]`, counts how often the feature's smallest value occurs: that is what is reproduced here. (Counting
 * the most frequent value instead would also hit continuous features stored with few digits in 3.5 M rows.)
 */
export function preprocessHepmass(
  train: NumericMatrix,
  test: NumericMatrix,
  columnNames: readonly string[],
  sources: { train: string; test: string },
): TabularDataset {
  if (test.cols !== train.cols) {
    throw new Error(
      `${sources.test} has ${test.cols} feature columns after the label, but ${sources.train} has ${train.cols}; ` +
        'both should be the HEPMASS 1000_*.csv files of the MAF bundle.',
    );
  }
  const validationRows = Math.floor(0.1 * train.rows);
  const trainRows = train.rows - validationRows;
  if (validationRows < 1) {
    throw new Error(`${sources.train}: ${train.rows} signal rows are too few to split off 10% validation rows; at least 10 are needed.`);
  }
  if (test.rows < 1) throw new Error(`${sources.test} has no signal rows (label 1).`);
  const kept = columnsWithoutRepeatedMinimum(train);
  if (kept.length === 0) {
    throw new Error(`${sources.train}: every feature's smallest value repeats more than ${REPEAT_LIMIT} times, so MAF's rule keeps none.`);
  }
  const keptNames = kept.map((j) => columnNames[j]);
  const keptTrain = selectColumns(train, kept);
  const normalization = columnStatistics(keptTrain, 1, train.rows, keptNames);
  const standardizedTrain = standardize(keptTrain, normalization);
  const d = kept.length;
  return {
    name: 'hepmass',
    d,
    train: { data: standardizedTrain.data.subarray(0, trainRows * d), rows: trainRows, cols: d },
    validation: { data: standardizedTrain.data.subarray(trainRows * d), rows: validationRows, cols: d },
    test: standardize(selectColumns(test, kept), normalization),
    normalization,
    columnNames: keptNames,
  };
}

/** The columns whose smallest value occurs at most REPEAT_LIMIT times. */
function columnsWithoutRepeatedMinimum(matrix: NumericMatrix): number[] {
  const { data, rows, cols } = matrix;
  const minimum = new Float64Array(cols).fill(Infinity);
  const count = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (v < minimum[j]) {
        minimum[j] = v;
        count[j] = 1;
      } else if (v === minimum[j]) {
        count[j]++;
      }
    }
  }
  return Array.from({ length: cols }, (_, j) => j).filter((j) => count[j] <= REPEAT_LIMIT);
}

function selectColumns(matrix: NumericMatrix, columns: readonly number[]): NumericMatrix {
  const { data, rows, cols } = matrix;
  const d = columns.length;
  const out = new (data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(rows * d);
  for (let i = 0; i < rows; i++) for (let k = 0; k < d; k++) out[i * d + k] = data[i * cols + columns[k]];
  return { data: out, rows, cols: d };
}
