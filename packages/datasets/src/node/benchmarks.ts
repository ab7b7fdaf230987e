import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toRandom, type SeedOrRandom } from '../random-source';
import { preprocessGas } from '../tabular/gas';
import { preprocessHepmass } from '../tabular/hepmass';
import { preprocessMiniboone } from '../tabular/miniboone';
import { preprocessPower } from '../tabular/power';
import { BENCHMARK_NAMES, isBenchmarkName, type BenchmarkName, type TabularDataset } from '../tabular/tabular-dataset';
import { readCsv } from './csv';
import { assertAllFinite, toFiniteFloat32Rows } from './finite-rows';
import { readHdf5Matrices } from './hdf5';
import { readNpyMatrix } from './npy';

export interface LoadBenchmarkOptions {
  /** Seeds POWER's shuffle and noise (the other datasets use no randomness). Default 42, as in MAF. */
  seed?: SeedOrRandom;
}

/** Where each benchmark's files sit under dataDir: the layout of the MAF bundle's data/ folder. */
export const BENCHMARK_FILES: Readonly<Record<BenchmarkName, readonly string[]>> = {
  power: ['power/data.npy'],
  gas: ['gas/ethylene_CO.csv'],
  hepmass: ['hepmass/1000_train.csv', 'hepmass/1000_test.csv'],
  miniboone: ['miniboone/data.npy'],
  bsds300: ['BSDS300/BSDS300.hdf5'],
};

const BUNDLE = 'the MAF data bundle (https://zenodo.org/record/1161203, data.tar.gz)';

/**
 * Loads one of the MAF benchmarks from files the user downloaded and applies the numerics §10 preprocessing: standardized
 * train/validation/test splits plus the statistics that return samples to the data's own units. `dataDir` is the
 * bundle's extracted data/ folder (see {@link BENCHMARK_FILES}). Node only.
 */
export async function loadBenchmark(name: BenchmarkName, dataDir: string, options: LoadBenchmarkOptions = {}): Promise<TabularDataset> {
  const key = typeof name === 'string' ? name.toLowerCase() : name;
  if (!isBenchmarkName(key)) {
    throw new Error(`Unknown benchmark ${JSON.stringify(name)}; choose one of: ${BENCHMARK_NAMES.join(', ')}.`);
  }
  if (typeof dataDir !== 'string' || dataDir.length === 0) {
    throw new Error(`loadBenchmark: dataDir must be the folder that holds ${BENCHMARK_FILES[key].join(' and ')}, got ${JSON.stringify(dataDir)}.`);
  }
  const paths = BENCHMARK_FILES[key].map((file) => join(dataDir, file));
  const hint = `Download ${BUNDLE}, extract it and pass its data/ folder as dataDir, so that ${paths.join(' and ')} exist${paths.length > 1 ? '' : 's'}.`;
  switch (key) {
    case 'power': {
      const raw = await readNpyMatrix(paths[0], hint);
      assertAllFinite(raw.data, raw.cols, paths[0]);
      return preprocessPower(raw, toRandom(options.seed ?? 42, 'loadBenchmark: options.seed'), paths[0]);
    }
    case 'miniboone': {
      const raw = await readNpyMatrix(paths[0], hint);
      assertAllFinite(raw.data, raw.cols, paths[0]);
      return preprocessMiniboone(raw, paths[0]);
    }
    case 'gas':
      return loadGas(paths[0], hint);
    case 'hepmass':
      return loadHepmass(paths[0], paths[1], hint);
    case 'bsds300':
      return loadBsds300(paths[0], hint);
  }
}

async function loadGas(path: string, hint: string): Promise<TabularDataset> {
  const pickle = path.replace(/\.csv$/, '.pickle');
  if (!existsSync(path) && existsSync(pickle)) {
    throw new Error(
      `Found ${pickle} but not ${path}: JavaScript cannot read pandas pickles. Convert it once with Python: ` +
        `python -c "import pandas as pd; pd.read_pickle('${pickle}').to_csv('${path}', index=False)"`,
    );
  }
  const raw = await readCsv(path, { header: true, hint });
  return preprocessGas(raw, raw.columnNames as string[], path);
}

async function loadHepmass(trainPath: string, testPath: string, hint: string): Promise<TabularDataset> {
  const signalOnly = { column: 0, equals: 1 };
  const train = await readCsv(trainPath, {
    header: true,
    hint,
    keepRowsWhere: signalOnly,
    chooseColumns: (fieldCount) => range(1, fieldCount),
  });
  const trainFields = train.cols + 1;
  const test = await readCsv(testPath, {
    header: true,
    hint,
    keepRowsWhere: signalOnly,
    // MAF drops the test file's last column ("Because the data set is messed up!"); here the test columns are matched
    // to train's by position: the same count is used as is, one extra trailing column is dropped.
    chooseColumns: (fieldCount) => {
      if (fieldCount !== trainFields && fieldCount !== trainFields + 1) {
        throw new Error(
          `${testPath} has ${fieldCount} columns, but ${trainPath} has ${trainFields}; the test file must have the same columns ` +
            '(label first), optionally with one extra trailing column, which is dropped as MAF does.',
        );
      }
      return range(1, trainFields);
    },
  });
  if (train.rows === 0) throw new Error(`${trainPath} has no signal rows (label 1 in the first column). ${hint}`);
  return preprocessHepmass(train, test, train.columnNames as string[], { train: trainPath, test: testPath });
}

async function loadBsds300(path: string, hint: string): Promise<TabularDataset> {
  const splits = ['train', 'validation', 'test'] as const;
  const raw = await readHdf5Matrices(path, splits, hint);
  const d = raw[0].cols;
  const [train, validation, test] = raw.map((matrix, k) => {
    const source = `${path} dataset "${splits[k]}"`;
    if (matrix.cols !== d) throw new Error(`${source} has ${matrix.cols} columns, but "train" has ${d}; the splits must agree.`);
    const { data, rows } = toFiniteFloat32Rows(matrix.data, matrix.rows, matrix.cols, false, { dropNonFinite: false }, source);
    return { data, rows, cols: d };
  });
  // numerics §10: BSDS300 is used as is, so the statistics are the identity.
  const normalization = { mean: new Array<number>(d).fill(0), std: new Array<number>(d).fill(1) };
  return { name: 'bsds300', d, train, validation, test, normalization, columnNames: null };
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
}
