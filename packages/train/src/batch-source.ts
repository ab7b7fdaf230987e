/** A batch of points: row-major float32 values, one sample per row. */
export interface PointBatch {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Where training batches come from: a sampler of a known density (toy data) or a shuffled pass over a finite
 * set (tabular data). Its state is plain data, so that a checkpoint can replay the same batches.
 */
export interface BatchSource {
  /** Dimension of every point. */
  readonly d: number;
  /** The next `size` points. */
  next(size: number): PointBatch;
  /** The source's position, before the next draw. */
  getState(): unknown;
  /** Returns the source to a position from {@link BatchSource.getState}. */
  setState(state: unknown): void;
}

/** Checks a batch's shape and values; names the batch, row and column of the first bad value. */
export function checkPointBatch(batch: PointBatch, d: number, what: string): void {
  if (batch.cols !== d || batch.rows < 1 || batch.data.length !== batch.rows * batch.cols) {
    throw new Error(
      `${what} must be a non-empty rows × ${d} matrix, got ${batch.rows} × ${batch.cols} with ${batch.data.length} values.`,
    );
  }
  for (let i = 0; i < batch.data.length; i++) {
    if (!Number.isFinite(batch.data[i])) {
      const row = Math.floor(i / d);
      throw new Error(`${what} has a non-finite value (${batch.data[i]}) at row ${row + 1}, column ${(i % d) + 1}.`);
    }
  }
}
