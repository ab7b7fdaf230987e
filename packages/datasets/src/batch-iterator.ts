import { Random, type RandomState } from '@otflow/random';
import { assertDataMatrix, type DataMatrix } from './data-matrix';
import { toRandom, type SeedOrRandom } from './random-source';

export interface BatchIteratorOptions {
  batchSize: number;
  /** Reorder the rows by a fresh permutation each epoch (default true). */
  shuffle?: boolean;
  /** Seeds the per-epoch permutations; required when shuffling. */
  seed?: SeedOrRandom;
  /** Skip the last, smaller batch of each epoch (default false). */
  dropLast?: boolean;
  /** Continue exactly where a {@link BatchIterator.state} snapshot left off. */
  resumeFrom?: BatchIteratorState;
}

/** A JSON-serializable position of a {@link BatchIterator}, for checkpoints. */
export interface BatchIteratorState {
  epoch: number;
  batchIndex: number;
  /** The permutation stream as it was before the current epoch's permutation was drawn; null when not shuffling. */
  random: RandomState | null;
}

export interface BatchIterator {
  readonly batchesPerEpoch: number;
  /** The epoch (0-based) the next batch belongs to: the number of epochs completed so far. */
  readonly epoch: number;
  /** The position of the next batch within its epoch. */
  readonly batchIndex: number;
  /** The next batch; a new epoch (with a new permutation) starts when the current one is used up. */
  nextBatch(): DataMatrix;
  /** The remaining batches of the current epoch (all of them when called at an epoch boundary). */
  epochBatches(): Generator<DataMatrix, void, undefined>;
  state(): BatchIteratorState;
}

/**
 * Mini-batches over a (possibly very large) matrix. Only the batch is copied: a shuffled batch gathers its rows from
 * a per-epoch permutation into a new small array; an unshuffled batch is a view (subarray) of the matrix itself.
 */
export function createBatchIterator(matrix: DataMatrix, options: BatchIteratorOptions): BatchIterator {
  assertDataMatrix(matrix, 'createBatchIterator(matrix)');
  const { batchSize, shuffle = true, dropLast = false, resumeFrom } = options ?? ({} as BatchIteratorOptions);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`createBatchIterator: batchSize must be a positive integer, got ${batchSize}.`);
  }
  if (matrix.rows === 0) throw new Error('createBatchIterator: the matrix has no rows to draw batches from.');
  if (dropLast && batchSize > matrix.rows) {
    throw new Error(
      `createBatchIterator: batchSize ${batchSize} exceeds the ${matrix.rows} rows, so dropLast would leave no batches; ` +
        'lower batchSize or set dropLast: false.',
    );
  }
  if (shuffle && options.seed === undefined) {
    throw new Error('createBatchIterator: shuffle is on, so a seed is required (e.g. seed: 0), or pass shuffle: false.');
  }
  const batchesPerEpoch = dropLast ? Math.floor(matrix.rows / batchSize) : Math.ceil(matrix.rows / batchSize);
  let random: Random | null = shuffle ? toRandom(options.seed as SeedOrRandom, 'createBatchIterator: seed') : null;
  let epoch = 0;
  let batchIndex = 0;
  if (resumeFrom !== undefined) {
    checkResumeState(resumeFrom, batchesPerEpoch, shuffle);
    epoch = resumeFrom.epoch;
    batchIndex = resumeFrom.batchIndex;
    if (shuffle) random = Random.fromState(resumeFrom.random as RandomState);
  }
  let permutation: Uint32Array | null = null;
  let epochStartState: RandomState | null = null;

  const nextBatch = (): DataMatrix => {
    const { data, rows, cols } = matrix;
    if (random && !permutation) {
      epochStartState = random.state();
      permutation = random.permutation(rows);
    }
    const start = batchIndex * batchSize;
    const size = Math.min(batchSize, rows - start);
    let batch: DataMatrix;
    if (permutation) {
      const out = new Float32Array(size * cols);
      for (let r = 0; r < size; r++) {
        const source = permutation[start + r] * cols;
        out.set(data.subarray(source, source + cols), r * cols);
      }
      batch = { data: out, rows: size, cols };
    } else {
      batch = { data: data.subarray(start * cols, (start + size) * cols), rows: size, cols };
    }
    batchIndex++;
    if (batchIndex === batchesPerEpoch) {
      batchIndex = 0;
      epoch++;
      permutation = null;
    }
    return batch;
  };

  return {
    batchesPerEpoch,
    get epoch() {
      return epoch;
    },
    get batchIndex() {
      return batchIndex;
    },
    nextBatch,
    *epochBatches() {
      const current = epoch;
      while (epoch === current) yield nextBatch();
    },
    state() {
      const randomState = random ? (permutation ? epochStartState : random.state()) : null;
      return { epoch, batchIndex, random: randomState && { words: [...randomState.words], spareNormal: randomState.spareNormal } };
    },
  };
}

function checkResumeState(state: BatchIteratorState, batchesPerEpoch: number, shuffle: boolean): void {
  const valid =
    state !== null &&
    typeof state === 'object' &&
    Number.isInteger(state.epoch) &&
    state.epoch >= 0 &&
    Number.isInteger(state.batchIndex) &&
    state.batchIndex >= 0 &&
    state.batchIndex < batchesPerEpoch;
  if (!valid) {
    throw new Error(
      `createBatchIterator: resumeFrom must come from state() of an iterator with the same matrix and options ` +
        `(epoch ≥ 0, 0 ≤ batchIndex < ${batchesPerEpoch}), got ${JSON.stringify(state)}.`,
    );
  }
  if (shuffle !== (state.random !== null && state.random !== undefined)) {
    throw new Error(
      `createBatchIterator: resumeFrom was saved ${shuffle ? 'without' : 'with'} shuffling; resume with the same shuffle setting.`,
    );
  }
}
