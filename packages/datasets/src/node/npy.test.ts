import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir, writeNpyFile, writeText } from '../../test/temp-files';
import { loadNpy, saveNpy } from './npy';

const temp = createTempDir();
afterAll(temp.remove);
const file = (name: string) => join(temp.dir, name);

describe('loadNpy / saveNpy', () => {
  it('round-trips a float32 matrix through a numpy-format file', async () => {
    const path = file('round-trip.npy');
    const matrix = { data: Float32Array.from([1.5, -2, 3, 4e-8, 5, 6]), rows: 3, cols: 2 };
    await saveNpy(path, matrix);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    const headerLength = bytes.readUInt16LE(8);
    const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
    expect(header).toMatch(/'descr':\s*'<f4'/);
    expect(header).toMatch(/'fortran_order':\s*False/);
    expect(header).toMatch(/'shape':\s*\(3,\s*2\)/);
    expect(header.endsWith('\n')).toBe(true);
    expect(bytes.length).toBe(10 + headerLength + 24);
    const loaded = await loadNpy(path);
    expect(loaded).toMatchObject({ rows: 3, cols: 2, columnNames: null, droppedRows: 0 });
    expect(loaded.data).toEqual(matrix.data);
    // Written under a temporary name, then renamed: nothing else is left behind.
    expect(readdirSync(temp.dir).filter((name) => name.includes('round-trip'))).toEqual(['round-trip.npy']);
  });

  it('reads float64 and Fortran-order files into row-major float32', async () => {
    const f8 = file('f8.npy');
    writeNpyFile(f8, { descr: '<f8', shape: [2, 3] }, Float64Array.from([0.1, 2, 3, 4, 5, 6]));
    const loaded = await loadNpy(f8);
    expect(loaded).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(loaded.data)).toEqual([Math.fround(0.1), 2, 3, 4, 5, 6]);
    const fortran = file('fortran.npy');
    // Column-major storage of [[1, 2, 3], [4, 5, 6]].
    writeNpyFile(fortran, { descr: '<f8', fortranOrder: true, shape: [2, 3] }, Float64Array.from([1, 4, 2, 5, 3, 6]));
    expect(Array.from((await loadNpy(fortran)).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops at NaN or ±Inf with the row and column, or drops those rows on request', async () => {
    const path = file('nan.npy');
    writeNpyFile(path, { descr: '<f4', shape: [3, 2] }, Float32Array.from([1, 2, 3, Number.NaN, 5, 6]));
    await expect(loadNpy(path)).rejects.toThrow(
      `${path}: row index 1, column index 1 (0-based) holds NaN, not a finite number. Fix or remove that row, ` +
        'or pass dropNonFinite: true to drop rows with NaN or ±Inf (their count is returned as droppedRows).',
    );
    const kept = await loadNpy(path, { dropNonFinite: true });
    expect(kept).toMatchObject({ rows: 2, droppedRows: 1 });
    expect(Array.from(kept.data)).toEqual([1, 2, 5, 6]);
    const huge = file('huge.npy');
    writeNpyFile(huge, { descr: '<f8', shape: [1, 2] }, Float64Array.from([1, 1e39]));
    await expect(loadNpy(huge)).rejects.toThrow('row index 0, column index 1 (0-based) holds 1e+39, beyond the float32 range (±3.4e38); rescale the data.');
  });

  it('rejects wrong dtypes and shapes and damaged files, saying what to do', async () => {
    const ints = file('ints.npy');
    writeNpyFile(ints, { descr: '<i8', shape: [2, 1] }, new BigInt64Array([1n, 2n]));
    await expect(loadNpy(ints)).rejects.toThrow(
      `${ints} has dtype "i8"; expected float32 ("<f4") or float64 ("<f8"): save it with numpy.save(path, array.astype('<f4')) (or '<f8').`,
    );
    const bigEndian = file('big-endian.npy');
    writeNpyFile(bigEndian, { descr: '>f8', shape: [1, 1] }, new Float64Array(1));
    await expect(loadNpy(bigEndian)).rejects.toThrow(`${bigEndian} has dtype ">f8"; expected little-endian float32 or float64`);
    const vector = file('vector.npy');
    writeNpyFile(vector, { descr: '<f4', shape: [4] }, new Float32Array(4));
    await expect(loadNpy(vector)).rejects.toThrow(
      `${vector} has shape (4); expected a 2-D array (rows, features): reshape it before saving (for one feature, array.reshape(-1, 1)).`,
    );
    const cube = file('cube.npy');
    writeNpyFile(cube, { descr: '<f4', shape: [1, 2, 2] }, new Float32Array(4));
    await expect(loadNpy(cube)).rejects.toThrow('has shape (1, 2, 2); expected a 2-D array');
    const truncated = file('truncated.npy');
    writeNpyFile(truncated, { descr: '<f4', shape: [3, 2] }, new Float32Array(5));
    await expect(loadNpy(truncated)).rejects.toThrow(
      `${truncated}: the header promises shape (3, 2) = 6 values, but the file holds 5; it is truncated or damaged: save it again.`,
    );
    const notNpy = writeText(file('text.npy'), 'hello, world');
    await expect(loadNpy(notNpy)).rejects.toThrow(`${notNpy} is not a .npy file (it does not start with the "\\x93NUMPY" magic)`);
    const empty = writeText(file('empty.npy'), '');
    await expect(loadNpy(empty)).rejects.toThrow(`${empty} is empty (0 bytes).`);
    await expect(loadNpy(file('missing.npy'))).rejects.toThrow(`File not found: ${file('missing.npy')}.`);
  });

  it('refuses to save into a missing folder or a malformed matrix', async () => {
    const path = join(temp.dir, 'no-such-folder', 'x.npy');
    await expect(saveNpy(path, { data: new Float32Array(2), rows: 1, cols: 2 })).rejects.toThrow(
      `saveNpy: cannot write ${path}: the folder ${join(temp.dir, 'no-such-folder')} does not exist; create it first.`,
    );
    await expect(saveNpy(file('bad.npy'), { data: new Float32Array(3), rows: 1, cols: 2 })).rejects.toThrow(
      'saveNpy(path, matrix) is inconsistent: rows = 1, cols = 2, but data holds 3 values',
    );
    writeFileSync(file('keep.npy'), 'old');
    await saveNpy(file('keep.npy'), { data: Float32Array.from([7]), rows: 1, cols: 1 });
    expect(Array.from((await loadNpy(file('keep.npy'))).data)).toEqual([7]);
  });
});
