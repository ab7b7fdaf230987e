import { assertDataMatrix, type DataMatrix } from './data-matrix';

/** Per-column standardization statistics: data units = standardized·std + mean. */
export interface Normalization {
  mean: number[];
  std: number[];
}

/** A matrix whose values may still be float64 (raw file contents before standardization). */
export interface NumericMatrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

/**
 * Column means and standard deviations in float64 over rows [0, rowCount). `ddof` 0 matches numpy's `std()`,
 * 1 matches pandas' `std()` (the MAF code uses both, per dataset). Constant columns are an error: they cannot be
 * standardized.
 */
export function columnStatistics(matrix: NumericMatrix, ddof: 0 | 1, rowCount = matrix.rows, columnNames?: readonly string[]): Normalization {
  const { data, cols } = matrix;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rowCount; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rowCount;
  // Two passes: the sum of squared deviations stays accurate when the mean is large next to the spread.
  const squares = new Float64Array(cols);
  for (let i = 0; i < rowCount; i++) {
    for (let j = 0; j < cols; j++) squares[j] += (data[i * cols + j] - mean[j]) ** 2;
  }
  const std = Array.from(squares, (s) => Math.sqrt(s / (rowCount - ddof)));
  std.forEach((s, j) => {
    if (!(s > 0)) {
      const name = columnNames ? ` ("${columnNames[j]}")` : '';
      throw new Error(`Column ${j}${name} is constant over the ${rowCount} rows used for the statistics, so it cannot be standardized; remove it.`);
    }
  });
  return { mean: Array.from(mean), std };
}

/** (x − mean)/std per column, computed in float64, stored as float32. */
export function standardize(matrix: NumericMatrix, normalization: Normalization): DataMatrix {
  const { data, rows, cols } = matrix;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = (data[i * cols + j] - normalization.mean[j]) / normalization.std[j];
  }
  return { data: out, rows, cols };
}

/** Standardizes a matrix with given statistics: (x − mean)/std per column. */
export function normalize(matrix: DataMatrix, normalization: Normalization): DataMatrix {
  assertDataMatrix(matrix, 'normalize(matrix)');
  assertNormalization(normalization, matrix.cols, 'normalize');
  return standardize(matrix, normalization);
}

/** Returns standardized values (e.g. model samples) to the data's own units: x·std + mean per column. */
export function denormalize(matrix: DataMatrix, normalization: Normalization): DataMatrix {
  assertDataMatrix(matrix, 'denormalize(matrix)');
  assertNormalization(normalization, matrix.cols, 'denormalize');
  const { data, rows, cols } = matrix;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] * normalization.std[j] + normalization.mean[j];
  }
  return { data: out, rows, cols };
}

function assertNormalization(normalization: Normalization, cols: number, call: string): void {
  const { mean, std } = normalization ?? ({} as Normalization);
  if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== cols || std.length !== cols) {
    throw new Error(
      `${call}: normalization needs mean and std arrays with one entry per column (${cols}), ` +
        `got mean of length ${Array.isArray(mean) ? mean.length : typeof mean} and std of length ${Array.isArray(std) ? std.length : typeof std}.`,
    );
  }
  std.forEach((s, j) => {
    if (!(s > 0) || !Number.isFinite(s)) throw new Error(`${call}: normalization.std[${j}] must be a positive finite number, got ${s}.`);
  });
  mean.forEach((m, j) => {
    if (!Number.isFinite(m)) throw new Error(`${call}: normalization.mean[${j}] must be a finite number, got ${m}.`);
  });
}
