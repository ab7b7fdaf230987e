/** What to do with rows that hold NaN or ±Inf. */
export interface NonFiniteOptions {
  /** Drop such rows (and report how many) instead of stopping with an error. Default false. */
  dropNonFinite?: boolean;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Copies a C-order or Fortran-order array of rows × cols numbers into row-major float32, checking every value. A
 * C-order float32 source with nothing to drop is returned as is (no copy). Non-finite values stop with an error that
 * names the row and column, unless dropNonFinite is set; float64 values beyond the float32 range always stop.
 */
export function toFiniteFloat32Rows(
  values: Float32Array | Float64Array,
  rows: number,
  cols: number,
  fortranOrder: boolean,
  options: NonFiniteOptions,
  source: string,
): { data: Float32Array; rows: number; droppedRows: number } {
  const at = fortranOrder ? (i: number, j: number) => values[i + j * rows] : (i: number, j: number) => values[i * cols + j];
  const drop = options.dropNonFinite === true;
  let firstBadRow = -1;
  for (let i = 0; i < rows && firstBadRow < 0; i++) {
    for (let j = 0; j < cols; j++) {
      const v = at(i, j);
      if (!Number.isFinite(v)) {
        if (!drop) {
          throw new Error(
            `${source}: row index ${i}, column index ${j} (0-based) holds ${v}, not a finite number. Fix or remove that row, ` +
              'or pass dropNonFinite: true to drop rows with NaN or ±Inf (their count is returned as droppedRows).',
          );
        }
        firstBadRow = i;
        break;
      }
      if (Math.abs(v) > FLOAT32_MAX) {
        throw new Error(`${source}: row index ${i}, column index ${j} (0-based) holds ${v}, beyond the float32 range (±3.4e38); rescale the data.`);
      }
    }
  }
  if (firstBadRow < 0 && !fortranOrder && values instanceof Float32Array && values.length === rows * cols) {
    return { data: values, rows, droppedRows: 0 };
  }
  const out = new Float32Array(rows * cols);
  let kept = 0;
  for (let i = 0; i < rows; i++) {
    let finite = true;
    for (let j = 0; j < cols; j++) {
      const v = at(i, j);
      if (!Number.isFinite(v)) finite = false;
      else if (Math.abs(v) > FLOAT32_MAX) {
        throw new Error(`${source}: row index ${i}, column index ${j} (0-based) holds ${v}, beyond the float32 range (±3.4e38); rescale the data.`);
      }
      out[kept * cols + j] = v;
    }
    if (finite) kept++;
  }
  if (kept === 0) throw new Error(`${source}: every one of the ${rows} rows holds NaN or ±Inf, so nothing is left after dropping them.`);
  return { data: kept === rows ? out : out.slice(0, kept * cols), rows: kept, droppedRows: rows - kept };
}

/** Stops at the first NaN or ±Inf (for raw benchmark files, which must be clean). */
export function assertAllFinite(values: Float32Array | Float64Array, cols: number, source: string): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      throw new Error(
        `${source}: row index ${Math.floor(k / cols)}, column index ${k % cols} (0-based) holds ${values[k]}, not a finite number; ` +
          'the MAF files have none, so the file is damaged or not the published one: download it again.',
      );
    }
  }
}
