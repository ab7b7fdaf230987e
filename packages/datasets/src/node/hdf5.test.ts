import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, writeText } from '../../test/temp-files';
import { loadHdf5 } from './hdf5';

const temp = createTempDir();
afterAll(temp.remove);
const path = join(temp.dir, 'data.h5');

beforeAll(async () => {
  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'w');
  file.create_dataset({ name: 'train', data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2], dtype: '<f' });
  file.create_group('nested').create_dataset({ name: 'wide', data: Float64Array.from([0.1, 0.2, 0.3]), shape: [1, 3], dtype: '<d' });
  file.create_dataset({ name: 'labels', data: Int32Array.from([1, 0]), shape: [2, 1], dtype: '<i' });
  file.create_dataset({ name: 'flat', data: Float32Array.from([1, 2]), shape: [2], dtype: '<f' });
  file.create_dataset({ name: 'holes', data: Float32Array.from([1, Number.NaN, 3, 4]), shape: [2, 2], dtype: '<f' });
  file.close();
});

describe('loadHdf5', () => {
  it('reads float32 and float64 2-D datasets, nested paths included', async () => {
    const train = await loadHdf5(path, 'train');
    expect(train).toMatchObject({ rows: 3, cols: 2, columnNames: null, droppedRows: 0 });
    expect(Array.from(train.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const wide = await loadHdf5(path, 'nested/wide');
    expect(Array.from(wide.data)).toEqual([0.1, 0.2, 0.3].map(Math.fround));
  });

  it('names the missing dataset and lists the ones there are', async () => {
    await expect(loadHdf5(path, 'validation')).rejects.toThrow(
      `${path} has no dataset "validation"; its datasets are: flat, holes, labels, nested/wide, train.`,
    );
    await expect(loadHdf5(path, 'nested')).rejects.toThrow(`"nested" in ${path} is not a dataset (it is a Group)`);
  });

  it('rejects integer and 1-D datasets, and NaN unless asked to drop it', async () => {
    await expect(loadHdf5(path, 'labels')).rejects.toThrow(
      `Dataset "labels" in ${path} holds 32-bit integer values; expected float32 or float64`,
    );
    await expect(loadHdf5(path, 'flat')).rejects.toThrow(`Dataset "flat" in ${path} has shape [2]; expected a non-empty 2-D array [rows, features].`);
    await expect(loadHdf5(path, 'holes')).rejects.toThrow(`${path} dataset "holes": row index 0, column index 1 (0-based) holds NaN`);
    await expect(loadHdf5(path, 'holes', { dropNonFinite: true })).resolves.toMatchObject({ rows: 1, droppedRows: 1 });
  });

  it('explains missing, empty and non-HDF5 files', async () => {
    const missing = join(temp.dir, 'missing.h5');
    await expect(loadHdf5(missing, 'train')).rejects.toThrow(`File not found: ${missing}.`);
    const empty = writeText(join(temp.dir, 'empty.h5'), '');
    await expect(loadHdf5(empty, 'train')).rejects.toThrow(`${empty} is empty (0 bytes).`);
    const text = writeText(join(temp.dir, 'text.h5'), 'not hdf5 at all');
    await expect(loadHdf5(text, 'train')).rejects.toThrow(`${text} is not an HDF5 file (no HDF5 signature found).`);
    await expect(loadHdf5(path, '')).rejects.toThrow('loadHdf5: datasetName must be a non-empty string such as "train", got "".');
  });
});
