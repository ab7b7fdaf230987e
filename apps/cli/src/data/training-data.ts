import {
  matrixBatchSource,
  sampleToy,
  standardizedSplit,
  toyBatchSource,
  type DataBatchSource,
  type DataMatrix,
  type Normalization,
} from '@otflow/datasets';
import { loadBenchmark } from '@otflow/datasets/node';
import type { DataSpec } from './data-spec';
import { loadPointFile } from './point-file';
import { streamSeed } from './stream-seed';

export interface TrainingData {
  d: number;
  /** Training batches, replayable from a checkpoint. */
  batches: DataBatchSource;
  /** The fixed validation set, in the model's coordinates. */
  validation: DataMatrix;
  /** Model coordinates = (data − mean) / std; null when the model works in the data's own units (toy data). */
  normalization: Normalization | null;
  /** Sizes for the model's metadata. */
  rows: { train: number | null; validation: number };
  /** How the data was prepared, said to the user once. */
  notes: string[];
}

export interface TrainingDataOptions {
  seed: number;
  /** Validation points: how many to sample (toy data), or at most how many rows to use (0: all). */
  validationSize: number;
  /** Share of a user file held out for validation. */
  validationFraction: number;
}

function firstRows(matrix: DataMatrix, count: number): DataMatrix {
  if (count <= 0 || count >= matrix.rows) return matrix;
  return { data: matrix.data.subarray(0, count * matrix.cols), rows: count, cols: matrix.cols };
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The training batches and the validation set for `spec`, deterministic for a seed: a toy density is sampled from
 * seeded streams; a benchmark uses its standard splits; a user file is shuffled, split and standardized here.
 */
export async function loadTrainingData(spec: DataSpec, options: TrainingDataOptions): Promise<TrainingData> {
  const { seed, validationSize, validationFraction } = options;
  const batchSeed = streamSeed(seed, 'training-batches');
  if (spec.kind === 'toy') {
    const validation = sampleToy(spec.name, validationSize, streamSeed(seed, 'validation'));
    return {
      d: 2,
      batches: toyBatchSource(spec.name, batchSeed),
      validation,
      normalization: null,
      rows: { train: null, validation: validation.rows },
      notes: [`${spec.name}: fresh samples for every batch; ${count(validation.rows)} fixed validation points.`],
    };
  }
  if (spec.kind === 'benchmark') {
    const dataset = await loadBenchmark(spec.name, spec.dataDir);
    const validation = firstRows(dataset.validation, validationSize);
    return {
      d: dataset.d,
      batches: matrixBatchSource(dataset.train, { seed: batchSeed }),
      validation,
      normalization: dataset.normalization,
      rows: { train: dataset.train.rows, validation: validation.rows },
      notes: [
        `${spec.name}: d = ${dataset.d}, ${count(dataset.train.rows)} training rows, ${count(validation.rows)} validation rows ` +
          '(standardized as docs/numerics.md §10 prescribes; the statistics are saved in the model file).',
      ],
    };
  }
  const matrix = await loadPointFile(spec.path, '--data');
  const split = standardizedSplit(matrix, {
    seed: streamSeed(seed, 'validation-split'),
    validationFraction,
    columnNames: matrix.columnNames,
  });
  const validation = firstRows(split.validation, validationSize);
  return {
    d: matrix.cols,
    batches: matrixBatchSource(split.train, { seed: batchSeed }),
    validation,
    normalization: split.normalization,
    rows: { train: split.train.rows, validation: validation.rows },
    notes: [
      `${spec.path}: ${count(matrix.rows)} rows × ${matrix.cols} columns. Held out ${count(split.validation.rows)} random rows ` +
        `(${Math.round(validationFraction * 100)}%, seeded) for validation and standardized with the training rows' mean and std; ` +
        'the statistics are saved in the model file, so sample and density work in your data\'s units.',
    ],
  };
}
