import { columnStatistics, standardize, type NumericMatrix } from '../normalization';
import { assertColumnCount, mafSplitSizes, splitRows } from './maf-split';
import type { TabularDataset } from './tabular-dataset';

/**
 * numerics §10 MINIBOONE, as the MAF code does it: no shuffle (the MAF file is already cleaned and shuffled), split like
 * POWER, standardize with train+validation statistics (numpy std, ddof 0).
 */
export function preprocessMiniboone(raw: NumericMatrix, source: string): TabularDataset {
  assertColumnCount(raw.cols, 43, source, 'the MAF MINIBOONE file');
  const sizes = mafSplitSizes(raw.rows, source);
  const normalization = columnStatistics(raw, 0, sizes.train + sizes.validation);
  return { name: 'miniboone', d: raw.cols, ...splitRows(standardize(raw, normalization), sizes), normalization, columnNames: null };
}
