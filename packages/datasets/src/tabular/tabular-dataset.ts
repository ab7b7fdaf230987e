import type { DataMatrix } from '../data-matrix';
import type { Normalization } from '../normalization';

/** The MAF benchmark datasets of numerics §10. */
export const BENCHMARK_NAMES = ['power', 'gas', 'hepmass', 'miniboone', 'bsds300'] as const;

export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** The dimension each benchmark has after the numerics §10 preprocessing of the published files. */
export const BENCHMARK_DIMENSIONS: Readonly<Record<BenchmarkName, number>> = {
  power: 6,
  gas: 8,
  hepmass: 21,
  miniboone: 43,
  bsds300: 63,
};

/** A benchmark after preprocessing: standardized splits plus the statistics that undo the standardization. */
export interface TabularDataset {
  name: BenchmarkName;
  /** Number of features (columns) of every split. */
  d: number;
  train: DataMatrix;
  validation: DataMatrix;
  test: DataMatrix;
  /** Data units = standardized·std + mean (see `denormalize`); mean 0 and std 1 where the data is used as is. */
  normalization: Normalization;
  /** The names of the d kept columns where the source file has a header (GAS, HEPMASS), else null. */
  columnNames: string[] | null;
}

export function isBenchmarkName(name: unknown): name is BenchmarkName {
  return typeof name === 'string' && (BENCHMARK_NAMES as readonly string[]).includes(name);
}
