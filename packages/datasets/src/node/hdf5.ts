import { promises as fs } from 'node:fs';
import type { NumericMatrix } from '../normalization';
import { assertReadableFile, CHECK_PATH_HINT, type LoadedMatrix } from './file-checks';
import { toFiniteFloat32Rows, type NonFiniteOptions } from './finite-rows';

type H5Module = typeof import('h5wasm/node');
type H5File = InstanceType<H5Module['File']>;

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** HDF5 class codes (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

let h5wasmReady: Promise<H5Module> | null = null;

/** Loads h5wasm's Node build (the WebAssembly HDF5 library) once, on first use. */
function loadH5wasm(): Promise<H5Module> {
  h5wasmReady ??= import('h5wasm/node').then(async (h5wasm) => {
    await h5wasm.ready;
    return h5wasm;
  });
  return h5wasmReady;
}

/**
 * Reads a 2-D float32 or float64 dataset from an HDF5 file into a row-major float32 matrix (the dataset name may be
 * a path such as "group/data"). NaN or ±Inf stop with an error unless `dropNonFinite: true`. Node only.
 */
export async function loadHdf5(path: string, datasetName: string, options: NonFiniteOptions = {}): Promise<LoadedMatrix> {
  if (typeof datasetName !== 'string' || datasetName.length === 0) {
    throw new Error(`loadHdf5: datasetName must be a non-empty string such as "train", got ${JSON.stringify(datasetName)}.`);
  }
  const [raw] = await readHdf5Matrices(path, [datasetName], CHECK_PATH_HINT);
  const source = `${path} dataset "${datasetName}"`;
  const { data, rows, droppedRows } = toFiniteFloat32Rows(raw.data, raw.rows, raw.cols, false, options, source);
  return { data, rows, cols: raw.cols, columnNames: null, droppedRows };
}

/** Reads several 2-D float datasets from one file, keeping their precision. */
export async function readHdf5Matrices(path: string, datasetNames: readonly string[], hint: string): Promise<NumericMatrix[]> {
  const size = await assertReadableFile(path, hint);
  if (!(await hasHdf5Signature(path, size))) {
    throw new Error(`${path} is not an HDF5 file (no HDF5 signature found). ${hint}`);
  }
  const h5wasm = await loadH5wasm();
  const file: H5File = new h5wasm.File(path, 'r');
  if (file.file_id < 0n) throw new Error(`${path}: the HDF5 library could not open the file; it may be damaged. ${hint}`);
  try {
    return datasetNames.map((name) => readDataset(h5wasm, file, path, name));
  } finally {
    file.close();
  }
}

function readDataset(h5wasm: H5Module, file: H5File, path: string, name: string): NumericMatrix {
  const entry = file.get(name);
  if (entry === null || entry === undefined) {
    throw new Error(`${path} has no dataset "${name}"; its datasets are: ${listDatasets(h5wasm, file).join(', ') || '(none)'}.`);
  }
  if (!(entry instanceof h5wasm.Dataset)) {
    throw new Error(`"${name}" in ${path} is not a dataset (it is a ${entry.constructor.name}); its datasets are: ${listDatasets(h5wasm, file).join(', ')}.`);
  }
  const { type, size } = entry.metadata;
  const shape = entry.shape ?? [];
  if (type !== H5T_FLOAT || (size !== 4 && size !== 8)) {
    const kind = type === H5T_INTEGER ? `${8 * size}-bit integer` : type === H5T_FLOAT ? `${8 * size}-bit float` : `non-numeric (HDF5 class ${type})`;
    throw new Error(`Dataset "${name}" in ${path} holds ${kind} values; expected float32 or float64 (convert with h5py: f.create_dataset(name, data=x.astype('float32'))).`);
  }
  if (shape.length !== 2 || shape[0] < 1 || shape[1] < 1) {
    throw new Error(`Dataset "${name}" in ${path} has shape [${shape.join(', ')}]; expected a non-empty 2-D array [rows, features].`);
  }
  const values = entry.value;
  if (!(values instanceof Float32Array) && !(values instanceof Float64Array)) {
    throw new Error(`Dataset "${name}" in ${path} could not be read as float32 or float64 values.`);
  }
  return { data: values, rows: shape[0], cols: shape[1] };
}

/** Every dataset path in the file, for error messages. */
function listDatasets(h5wasm: H5Module, file: H5File): string[] {
  const found: string[] = [];
  const visit = (group: InstanceType<H5Module['Group']>, prefix: string) => {
    for (const key of group.keys()) {
      const child = group.get(key);
      if (child instanceof h5wasm.Dataset) found.push(prefix + key);
      else if (child instanceof h5wasm.Group) visit(child, `${prefix}${key}/`);
    }
  };
  visit(file, '');
  return found;
}

/** The HDF5 signature sits at byte 0, or after a user block at 512, 1024, 2048, … bytes. */
async function hasHdf5Signature(path: string, size: number): Promise<boolean> {
  const handle = await fs.open(path, 'r');
  try {
    const bytes = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let offset = 0; offset + bytes.length <= size; offset = offset === 0 ? 512 : offset * 2) {
      await handle.read(bytes, 0, bytes.length, offset);
      if (bytes.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}
