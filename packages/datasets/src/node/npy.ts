import { promises as fs } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { dump, parse } from 'npyjs';
import { assertDataMatrix, type DataMatrix } from '../data-matrix';
import type { NumericMatrix } from '../normalization';
import { assertReadableFile, CHECK_PATH_HINT, type LoadedMatrix } from './file-checks';
import { toFiniteFloat32Rows, type NonFiniteOptions } from './finite-rows';

/** A 2-D .npy array as read, before any float32 conversion. */
interface NpyArray {
  values: Float32Array | Float64Array;
  rows: number;
  cols: number;
  fortranOrder: boolean;
}

const SAVE_AS_FLOAT = "save it with numpy.save(path, array.astype('<f4')) (or '<f8')";

/**
 * Reads a 2-D float32 or float64 `.npy` file (C or Fortran order) into a row-major float32 matrix. NaN or ±Inf stop
 * with an error naming the row and column unless `dropNonFinite: true`. A C-order float32 file is not copied.
 * Node only.
 */
export async function loadNpy(path: string, options: NonFiniteOptions = {}): Promise<LoadedMatrix> {
  const array = await readNpyArray(path, CHECK_PATH_HINT);
  const { data, rows, droppedRows } = toFiniteFloat32Rows(array.values, array.rows, array.cols, array.fortranOrder, options, path);
  return { data, rows, cols: array.cols, columnNames: null, droppedRows };
}

/** The array in C order with its own precision (the benchmark loaders keep float64 until standardization). */
export async function readNpyMatrix(path: string, hint: string): Promise<NumericMatrix> {
  const { values, rows, cols, fortranOrder } = await readNpyArray(path, hint);
  if (!fortranOrder) return { data: values, rows, cols };
  const data = new (values.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = values[i + j * rows];
  return { data, rows, cols };
}

/**
 * Writes a matrix as a float32, C-order `.npy` file that numpy.load reads. The file appears complete or not at all:
 * it is written next to its destination under a temporary name, then renamed.
 */
export async function saveNpy(path: string, matrix: DataMatrix): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`saveNpy: path must be a non-empty string, got ${JSON.stringify(path)}.`);
  assertDataMatrix(matrix, 'saveNpy(path, matrix)');
  const bytes = new Uint8Array(dump(matrix.data, [matrix.rows, matrix.cols]));
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`saveNpy: cannot write ${path}: the folder ${dirname(path)} does not exist; create it first.`);
    throw new Error(`saveNpy: cannot write ${path}: ${(error as Error).message}`);
  }
}

async function readNpyArray(path: string, hint: string): Promise<NpyArray> {
  await assertReadableFile(path, hint);
  const file = await fs.readFile(path);
  // A buffer that owns its whole ArrayBuffer is handed over without a copy.
  const buffer =
    file.byteOffset === 0 && file.byteLength === file.buffer.byteLength
      ? (file.buffer as ArrayBuffer)
      : file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(buffer as ArrayBuffer);
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'Not an .npy file') {
      throw new Error(`${path} is not a .npy file (it does not start with the "\\x93NUMPY" magic); ${SAVE_AS_FLOAT}.`);
    }
    const dtype = /^Unsupported dtype: (.*)$/.exec(message)?.[1];
    if (dtype !== undefined) throw new Error(`${path} has dtype "${dtype}"; expected little-endian float32 or float64: ${SAVE_AS_FLOAT}.`);
    throw new Error(`${path} is not a readable .npy file (${message}); it may be truncated: ${SAVE_AS_FLOAT}.`);
  }
  const { data, shape, dtype, fortranOrder } = parsed;
  if (dtype !== 'f4' && dtype !== 'f8') {
    throw new Error(`${path} has dtype "${dtype}"; expected float32 ("<f4") or float64 ("<f8"): ${SAVE_AS_FLOAT}.`);
  }
  if (shape.length !== 2) {
    const hintShape = shape.length === 1 ? ' (for one feature, array.reshape(-1, 1))' : '';
    throw new Error(`${path} has shape (${shape.join(', ')}); expected a 2-D array (rows, features): reshape it before saving${hintShape}.`);
  }
  const [rows, cols] = shape;
  if (rows < 1 || cols < 1) throw new Error(`${path} has shape (${rows}, ${cols}): there is no data in it.`);
  const values = data as Float32Array | Float64Array;
  if (values.length !== rows * cols) {
    throw new Error(
      `${path}: the header promises shape (${rows}, ${cols}) = ${rows * cols} values, but the file holds ${values.length}; ` +
        'it is truncated or damaged: save it again.',
    );
  }
  return { values, rows, cols, fortranOrder };
}
