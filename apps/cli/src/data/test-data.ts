import { normalize, sampleToy, type DataMatrix, type Normalization } from '@otflow/datasets';
import { loadBenchmark } from '@otflow/datasets/node';
import type { DataSpec } from './data-spec';
import { checkDimension, loadPointFile } from './point-file';
import { streamSeed } from './stream-seed';

export interface TestData {
  /** Test points in the model's coordinates (standardized with the model's normalization where it has one). */
  points: DataMatrix;
  /** What the points are, in words. */
  description: string;
}

export interface TestDataOptions {
  /** At most this many points (toy data: exactly this many). */
  n: number | undefined;
  seed: number;
  d: number;
  normalization: Normalization | null;
}

/** Toy sets are sampled afresh when no count is given. */
export const DEFAULT_TOY_TEST_POINTS = 10_000;

function firstRows(matrix: DataMatrix, count: number | undefined): DataMatrix {
  if (count === undefined || count >= matrix.rows) return matrix;
  return { data: matrix.data.subarray(0, count * matrix.cols), rows: count, cols: matrix.cols };
}

function toModelCoordinates(points: DataMatrix, normalization: Normalization | null): DataMatrix {
  return normalization ? normalize(points, normalization) : points;
}

/**
 * Held-out points for evaluation: a fresh seeded sample of a toy density (a stream the training never used), a
 * benchmark's test split (already standardized by numerics §10's preprocessing), or the rows of a file (standardized
 * with the model's own normalization).
 */
export async function loadTestData(spec: DataSpec, options: TestDataOptions): Promise<TestData> {
  const { n, seed, d, normalization } = options;
  if (spec.kind === 'toy') {
    if (d !== 2) throw new Error(`--data ${spec.name} is 2-D, but the model is ${d}-dimensional.`);
    const rows = n ?? DEFAULT_TOY_TEST_POINTS;
    const points = sampleToy(spec.name, rows, streamSeed(seed, 'test'));
    return { points: toModelCoordinates(points, normalization), description: `${rows.toLocaleString('en-US')} fresh ${spec.name} samples (seed ${seed})` };
  }
  if (spec.kind === 'benchmark') {
    const dataset = await loadBenchmark(spec.name, spec.dataDir);
    if (dataset.d !== d) throw new Error(`${spec.name} is ${dataset.d}-dimensional, but the model is ${d}-dimensional.`);
    const points = firstRows(dataset.test, n);
    return { points, description: `${points.rows.toLocaleString('en-US')} rows of the ${spec.name} test split (standardized)` };
  }
  const loaded = await loadPointFile(spec.path, '--data');
  checkDimension(loaded, d, spec.path);
  const points = firstRows(loaded, n);
  return { points: toModelCoordinates(points, normalization), description: `${points.rows.toLocaleString('en-US')} rows of ${spec.path}` };
}
