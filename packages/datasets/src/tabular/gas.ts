import { columnStatistics, standardize, type NumericMatrix } from '../normalization';
import { mafSplitSizes, splitRows } from './maf-split';
import type { TabularDataset } from './tabular-dataset';

export const GAS_DROPPED_COLUMNS = ['Meth', 'Eth', 'Time'];
const CORRELATION_THRESHOLD = 0.98;

/**
 * numerics §10 GAS, as the MAF code does it: drop Meth, Eth and Time; then, while some column has a Pearson correlation
 * above 0.98 with another (signed, as MAF's `C > 0.98`), drop the first such column in file order; standardize with
 * the statistics of all rows (pandas std, ddof 1); split like POWER without shuffling.
 * Correlations do not change when other columns are removed, so one correlation matrix serves every round.
 */
export function preprocessGas(raw: NumericMatrix, columnNames: readonly string[], source: string): TabularDataset {
  const missing = GAS_DROPPED_COLUMNS.filter((name) => !columnNames.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `${source} lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} of the MAF GAS data ` +
        `(header: ${columnNames.join(', ')}); export ethylene_CO.pickle with its header, as the README shows.`,
    );
  }
  if (columnNames[0] === '' || /^Unnamed/.test(columnNames[0])) {
    throw new Error(`${source} starts with an unnamed column (a pandas index); export it again with to_csv(..., index=False).`);
  }
  const sensors = columnNames.map((_, j) => j).filter((j) => !GAS_DROPPED_COLUMNS.includes(columnNames[j]));
  const correlation = correlationMatrix(raw, sensors);
  const kept = sensors.map((_, k) => k);
  for (;;) {
    const over = kept.findIndex((a) => kept.filter((b) => correlation[a][b] > CORRELATION_THRESHOLD).length > 1);
    if (over < 0) break;
    kept.splice(over, 1);
  }
  const columns = kept.map((k) => sensors[k]);
  const d = columns.length;
  const selected = { data: new Float64Array(raw.rows * d), rows: raw.rows, cols: d };
  for (let i = 0; i < raw.rows; i++) for (let k = 0; k < d; k++) selected.data[i * d + k] = raw.data[i * raw.cols + columns[k]];
  const names = columns.map((j) => columnNames[j]);
  const normalization = columnStatistics(selected, 1, raw.rows, names);
  const sizes = mafSplitSizes(raw.rows, source);
  return { name: 'gas', d, ...splitRows(standardize(selected, normalization), sizes), normalization, columnNames: names };
}

/** Pearson correlations between the given columns, in float64. */
function correlationMatrix(matrix: NumericMatrix, columns: readonly number[]): number[][] {
  const { data, rows, cols } = matrix;
  const m = columns.length;
  const mean = new Float64Array(m);
  for (let i = 0; i < rows; i++) for (let a = 0; a < m; a++) mean[a] += data[i * cols + columns[a]];
  for (let a = 0; a < m; a++) mean[a] /= rows;
  const products = new Float64Array(m * m);
  const centred = new Float64Array(m);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < m; a++) centred[a] = data[i * cols + columns[a]] - mean[a];
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) products[a * m + b] += centred[a] * centred[b];
  }
  return Array.from({ length: m }, (_, a) =>
    Array.from({ length: m }, (_, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return products[lo * m + hi] / Math.sqrt(products[lo * m + lo] * products[hi * m + hi]);
    }),
  );
}
