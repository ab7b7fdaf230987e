import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir, writeText } from '../../test/temp-files';
import { loadCsv } from './csv';

const temp = createTempDir();
afterAll(temp.remove);
let fileCount = 0;
const csv = (text: string) => writeText(join(temp.dir, `file-${fileCount++}.csv`), text);

describe('loadCsv', () => {
  it('detects a header, selects columns by name or index, and returns float32 rows', async () => {
    const path = csv('\ufeffa, b ,c\n1,2,3\n4.5,-5e-1,6\n\n7,8,"9"\n');
    const all = await loadCsv(path);
    expect(all).toMatchObject({ rows: 3, cols: 3, columnNames: ['a', 'b', 'c'], droppedRows: 0 });
    expect(Array.from(all.data)).toEqual([1, 2, 3, 4.5, -0.5, 6, 7, 8, 9]);
    const picked = await loadCsv(path, { columns: ['c', 0] });
    expect(picked.columnNames).toEqual(['c', 'a']);
    expect(Array.from(picked.data)).toEqual([3, 1, 6, 4.5, 9, 7]);
  });

  it('reads files without a header, and other delimiters', async () => {
    const noHeader = await loadCsv(csv('1,2\n3,4\n'));
    expect(noHeader).toMatchObject({ rows: 2, cols: 2, columnNames: null });
    expect(Array.from(noHeader.data)).toEqual([1, 2, 3, 4]);
    const semicolons = await loadCsv(csv('x;y\n1.5;2\n'), { delimiter: ';', header: true });
    expect(Array.from(semicolons.data)).toEqual([1.5, 2]);
  });

  it('streams files larger than one storage chunk', async () => {
    const rows = 180_000;
    const lines = Array.from({ length: rows }, (_, i) => `${i},${i % 7},${-i},0.5,1,2`);
    const big = await loadCsv(csv(lines.join('\n')));
    expect(big.rows).toBe(rows);
    expect(big.data[(rows - 1) * 6]).toBe(rows - 1);
    expect(big.data[(rows - 1) * 6 + 2]).toBe(-(rows - 1));
    expect(big.data[123_457 * 6 + 1]).toBe(123_457 % 7);
  });

  it('drops rows with NaN, ±Inf or empty fields only when asked, and says how many', async () => {
    const path = csv('a,b\n1,2\nnan,3\n4,inf\n5,\n6,7\n');
    await expect(loadCsv(path)).rejects.toThrow(
      `${path}: line 3, column "a" (index 0): "nan" is not a finite number. Fix or remove the row, or pass dropNonFinite: true ` +
        'to drop rows with NaN, ±Inf or empty fields (their count is returned as droppedRows).',
    );
    const kept = await loadCsv(path, { dropNonFinite: true });
    expect(kept).toMatchObject({ rows: 2, droppedRows: 3 });
    expect(Array.from(kept.data)).toEqual([1, 2, 6, 7]);
    await expect(loadCsv(path, { columns: ['b'] })).rejects.toThrow(`${path}: line 4, column "b" (index 1): "inf" is not a finite number.`);
    await expect(loadCsv(csv('1,2\n3,\n'))).rejects.toThrow('line 2, column index 1: the field is empty (a missing value).');
    await expect(loadCsv(csv('a\nnan\n'), { dropNonFinite: true })).rejects.toThrow(
      'every one of the 1 data rows held NaN, ±Inf or an empty field, so nothing is left after dropping them',
    );
  });

  it('names the file, line and column of a ragged or non-numeric row', async () => {
    const ragged = csv('a,b,c\n1,2,3\n4,5\n');
    await expect(loadCsv(ragged)).rejects.toThrow(
      `${ragged}: line 3 has 2 fields, but the header has 3. Every row needs the same number of fields: look for a missing or extra "," on line 3.`,
    );
    await expect(loadCsv(csv('1,2\n3,4,5\n'))).rejects.toThrow('line 2 has 3 fields, but line 1 has 2.');
    // Lines are counted as an editor shows them, empty ones included.
    await expect(loadCsv(csv('a,b\n1,2\n\n3\n'))).rejects.toThrow('line 4 has 1 field, but the header has 2.');
    const text = csv('a,b\n1,2\n3,abc\n');
    await expect(loadCsv(text)).rejects.toThrow(
      `${text}: line 3, column "b" (index 1): "abc" is not a number. Fix the value, or leave the column out with the columns option.`,
    );
    await expect(loadCsv(csv('a,b\n0x10,2\n'))).rejects.toThrow('line 2, column "a" (index 0): "0x10" is not a number.');
    await expect(loadCsv(csv('1,2\n3,4\n'), { header: true, columns: ['1', 0] })).resolves.toMatchObject({ rows: 1 });
    await expect(loadCsv(csv('a,b\n1,2\n'), { header: false })).rejects.toThrow('line 1, column index 0: "a" is not a number.');
    await expect(loadCsv(csv('1,abc\n2,3\n'))).rejects.toThrow(
      'line 1 mixes numbers and text (e.g. "abc"), so it is neither a clean header nor a data row; pass header: true if it is a header, or fix the row.',
    );
    await expect(loadCsv(csv('a\n1e39\n'))).rejects.toThrow('line 2, column "a" (index 0): 1e39 is beyond the float32 range (±3.4e38); rescale the data.');
    await expect(loadCsv(csv('a,b\n"1,2\n'))).rejects.toThrow(/not readable as CSV: Quote Not Closed/);
  });

  it('explains missing, empty and header-only files', async () => {
    const missing = join(temp.dir, 'nope.csv');
    await expect(loadCsv(missing)).rejects.toThrow(`File not found: ${missing}. Check the path (relative paths start at the current working directory).`);
    const empty = csv('');
    await expect(loadCsv(empty)).rejects.toThrow(`${empty} is empty (0 bytes).`);
    await expect(loadCsv(csv('\n\n'))).rejects.toThrow('holds no rows (only empty lines)');
    const headerOnly = csv('a,b\n');
    await expect(loadCsv(headerOnly)).rejects.toThrow(`${headerOnly} has a header (line 1) but no data rows.`);
    await expect(loadCsv(temp.dir)).rejects.toThrow(`${temp.dir} is a directory, not a file.`);
  });

  it('rejects unknown columns and options with the valid choices', async () => {
    const path = csv('a,b,a\n1,2,3\n');
    await expect(loadCsv(path, { columns: ['z'] })).rejects.toThrow(`loadCsv(${path}): no column named "z"; the header has: a, b, a.`);
    await expect(loadCsv(path, { columns: ['a'] })).rejects.toThrow('the header names "a" more than once; choose the column by its 0-based index instead.');
    await expect(loadCsv(path, { columns: [3] })).rejects.toThrow('column index 3 is out of range; the rows have 3 fields (indices 0–2).');
    await expect(loadCsv(csv('1,2\n'), { columns: ['a'] })).rejects.toThrow(
      'column "a" was asked for by name, but the file has no header row (line 1 is numbers); use 0-based indices, or pass header: true.',
    );
    await expect(loadCsv(path, { columns: [] })).rejects.toThrow('columns must be a non-empty array of 0-based indices or header names, got [].');
    await expect(loadCsv(path, { header: 'yes' as never })).rejects.toThrow(`header must be true, false or 'auto', got "yes".`);
  });
});
