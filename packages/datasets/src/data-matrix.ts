/** A row-major table of float32 numbers: `rows` samples with `cols` features each (features on the last axis). */
export interface DataMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Wraps `data` as a `rows × cols` matrix after checking that the sizes agree. */
export function createDataMatrix(data: Float32Array, rows: number, cols: number): DataMatrix {
  if (!(data instanceof Float32Array)) {
    throw new Error(`createDataMatrix: data must be a Float32Array, got ${describeValue(data)}.`);
  }
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`createDataMatrix: rows must be a non-negative integer, got ${rows}.`);
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`createDataMatrix: cols must be a positive integer, got ${cols}.`);
  if (data.length !== rows * cols) {
    throw new Error(
      `createDataMatrix: data has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}; ` +
        'pass the shape the data was laid out with.',
    );
  }
  return { data, rows, cols };
}

/** Checks that a value handed to a public function is a well-formed {@link DataMatrix}. */
export function assertDataMatrix(matrix: DataMatrix, argument: string): void {
  if (matrix === null || typeof matrix !== 'object') {
    throw new Error(`${argument} must be a DataMatrix {data: Float32Array, rows, cols}, got ${describeValue(matrix)}.`);
  }
  if (!(matrix.data instanceof Float32Array)) {
    throw new Error(`${argument}.data must be a Float32Array, got ${describeValue(matrix.data)}; convert with Float32Array.from(values).`);
  }
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1 || data.length !== rows * cols) {
    throw new Error(
      `${argument} is inconsistent: rows = ${rows}, cols = ${cols}, but data holds ${data.length} values (expected rows × cols).`,
    );
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
