import { resolve } from 'node:path';
import {
  BENCHMARK_NAMES,
  isBenchmarkName,
  isToyDatasetName,
  TOY_DATASETS,
  type BenchmarkName,
  type ToyDatasetName,
} from '@otflow/datasets';
import { UsageError } from '../cli/command';

/** What `--data` names: a toy density, a MAF benchmark (with its folder), or a file of the user's own. */
export type DataSpec =
  | { kind: 'toy'; name: ToyDatasetName }
  | { kind: 'benchmark'; name: BenchmarkName; dataDir: string }
  | { kind: 'file'; path: string; format: 'csv' | 'npy' };

export const DATA_VALUE_NAME = 'toy name | file.csv | file.npy | benchmark';

export const DATA_DESCRIPTION =
  `a toy 2-D density (${TOY_DATASETS.join(', ')}), a .csv or .npy file of your own (one point per row), or a MAF ` +
  `benchmark (${BENCHMARK_NAMES.join(', ')}) with --data-dir`;

/** Reads `--data` (and `--data-dir` for a benchmark); anything else is a usage error that lists what is accepted. */
export function parseDataSpec(value: string, dataDir: string | undefined): DataSpec {
  if (isToyDatasetName(value)) return { kind: 'toy', name: value };
  const lower = value.toLowerCase();
  if (isBenchmarkName(lower)) {
    if (dataDir === undefined) {
      throw new UsageError(
        `--data ${value} is a MAF benchmark: add --data-dir <folder>, the data/ folder of the MAF bundle (https://zenodo.org/record/1161203)`,
      );
    }
    return { kind: 'benchmark', name: lower, dataDir: resolve(dataDir) };
  }
  const extension = /\.([a-z0-9]+)$/i.exec(value)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'npy') return { kind: 'file', path: resolve(value), format: extension };
  if (extension !== undefined) {
    throw new UsageError(`--data ${value}: files must be .csv or .npy (got .${extension}); convert the file, or name ${DATA_DESCRIPTION}`);
  }
  throw new UsageError(`unknown dataset "${value}": --data takes ${DATA_DESCRIPTION}`);
}

/** A short name for logs and metadata: the toy or benchmark name, or the file path. */
export function describeDataSpec(spec: DataSpec): string {
  return spec.kind === 'file' ? spec.path : spec.name;
}
