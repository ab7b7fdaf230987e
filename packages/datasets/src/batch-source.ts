import { Random, type RandomState } from '@otflow/random';
import { createBatchIterator, type BatchIterator, type BatchIteratorState } from './batch-iterator';
import { assertDataMatrix, type DataMatrix } from './data-matrix';
import { isToyDatasetName, sampleToy, TOY_DATASETS, type ToyDatasetName } from './toy/toy-datasets';

/**
 * An endless, seeded source of training batches whose position is plain JSON data, so a checkpoint can replay the
 * same batches. It has the shape of `BatchSource` from `@otflow/train` (which this package does not depend on).
 */
export interface DataBatchSource {
  /** Dimension of every point. */
  readonly d: number;
  /** The next `size` points. */
  next(size: number): DataMatrix;
  /** The position before the next draw (JSON-serializable). */
  getState(): unknown;
  /** Returns to a position from {@link DataBatchSource.getState}. */
  setState(state: unknown): void;
}

/** Where a {@link matrixBatchSource} stands: null before its first batch. */
export type MatrixBatchSourceState = { batchSize: number; position: BatchIteratorState } | null;

function checkSeed(seed: unknown, argument: string): number | string {
  if ((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string') return seed;
  throw new Error(`${argument} must be a number or a string (a seed), got ${seed === null ? 'null' : typeof seed}.`);
}

/**
 * Fresh samples of a toy density for every batch, from one seeded stream: the same seed gives the same batches,
 * and the state is the stream's position.
 */
export function toyBatchSource(name: ToyDatasetName, seed: number | string): DataBatchSource {
  if (!isToyDatasetName(name)) {
    throw new Error(`toyBatchSource: unknown toy dataset ${JSON.stringify(name)}; choose one of: ${TOY_DATASETS.join(', ')}.`);
  }
  let random = new Random(checkSeed(seed, 'toyBatchSource: seed'));
  return {
    d: 2,
    next: (size) => sampleToy(name, size, random),
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as RandomState);
    },
  };
}

/**
 * Shuffled mini-batches over a finite matrix (a new seeded permutation every epoch; see `createBatchIterator`).
 * Every batch has exactly `size` rows when the matrix has that many: the short remainder of an epoch is skipped.
 * A larger `size` gives the whole matrix, reshuffled, each time. The batch size is fixed by the first draw.
 */
export function matrixBatchSource(matrix: DataMatrix, options: { seed: number | string }): DataBatchSource {
  assertDataMatrix(matrix, 'matrixBatchSource(matrix)');
  if (matrix.rows === 0) throw new Error('matrixBatchSource: the matrix has no rows to draw batches from.');
  const seed = checkSeed(options?.seed, 'matrixBatchSource: options.seed');
  let batchSize = 0;
  let iterator: BatchIterator | null = null;

  const start = (size: number, resumeFrom?: BatchIteratorState): BatchIterator => {
    if (!Number.isInteger(size) || size < 1) throw new Error(`matrixBatchSource: the batch size must be a positive integer, got ${size}.`);
    batchSize = size;
    return createBatchIterator(matrix, { batchSize: size, seed, dropLast: size <= matrix.rows, resumeFrom });
  };

  return {
    d: matrix.cols,
    next(size) {
      if (iterator === null) iterator = start(size);
      else if (size !== batchSize) {
        throw new Error(
          `matrixBatchSource: this source draws batches of ${batchSize} rows (set by its first draw), got a request for ${size}; ` +
            'create a new source for another batch size.',
        );
      }
      return iterator.nextBatch();
    },
    getState(): MatrixBatchSourceState {
      return iterator === null ? null : { batchSize, position: iterator.state() };
    },
    setState(state) {
      if (state === null) {
        iterator = null;
        return;
      }
      const saved = state as { batchSize?: unknown; position?: unknown };
      if (typeof saved !== 'object' || typeof saved.batchSize !== 'number' || typeof saved.position !== 'object') {
        throw new Error(
          `matrixBatchSource: setState needs null or { batchSize, position } from getState(), got ${JSON.stringify(state)}.`,
        );
      }
      iterator = start(saved.batchSize, saved.position as BatchIteratorState);
    },
  };
}
