import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { assertReadableFile, CHECK_PATH_HINT, type LoadedMatrix } from './file-checks';
import type { NonFiniteOptions } from './finite-rows';

export interface CsvOptions extends NonFiniteOptions {
  /** Whether line 1 holds column names. 'auto' (default): it does when none of its fields is a number. */
  header?: boolean | 'auto';
  /** The columns to return, in this order: 0-based indices, or names from the header. Default: all. */
  columns?: readonly (number | string)[];
  /** Field separator. Default ','. */
  delimiter?: string;
}

/** Internal extras used by the benchmark loaders. */
export interface CsvReadPlan extends CsvOptions {
  /** Keep only rows whose field at this 0-based index equals this number (other rows are skipped unparsed). */
  keepRowsWhere?: { column: number; equals: number };
  /** Chooses the columns once line 1 is known (instead of `columns`); it may throw to reject the layout. */
  chooseColumns?: (fieldCount: number, names: string[] | null) => number[];
  /** What to tell the user when the file is missing or empty. */
  hint?: string;
}

const NON_FINITE_TOKENS = new Map<string, number>([
  ['nan', Number.NaN],
  ['+nan', Number.NaN],
  ['-nan', Number.NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);
const FLOAT32_MAX = 3.4028234663852886e38;
const CHUNK_VALUES = 1 << 20;

/** Marks the errors this reader raises itself, so that only the CSV library's own errors get a prefix. */
class CsvContentError extends Error {}

/**
 * Reads a numeric CSV file into a float32 matrix, streaming (files larger than memory allows as one string are
 * fine). Every row must have as many fields as line 1; every selected field must be a number. NaN, ±Inf and empty
 * fields stop with an error naming the line and column unless `dropNonFinite: true` (the count is returned).
 * Empty lines are skipped. Node only.
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<LoadedMatrix> {
  return readCsv(path, options);
}

export async function readCsv(path: string, plan: CsvReadPlan): Promise<LoadedMatrix> {
  const { header = 'auto', columns, dropNonFinite = false, delimiter = ',', keepRowsWhere, chooseColumns, hint = CHECK_PATH_HINT } = plan ?? {};
  if (header !== true && header !== false && header !== 'auto') {
    throw new CsvContentError(`loadCsv: header must be true, false or 'auto', got ${JSON.stringify(header)}.`);
  }
  if (typeof delimiter !== 'string' || delimiter.length === 0) {
    throw new CsvContentError(`loadCsv: delimiter must be a non-empty string, got ${JSON.stringify(delimiter)}.`);
  }
  if (columns !== undefined && (!Array.isArray(columns) || columns.length === 0)) {
    throw new CsvContentError(`loadCsv: columns must be a non-empty array of 0-based indices or header names, got ${JSON.stringify(columns)}.`);
  }
  await assertReadableFile(path, hint);

  let fieldCount = -1;
  let names: string[] | null = null;
  let selected: number[] = [];
  let headerLine = 0;
  let firstDataLine = 0;
  let droppedRows = 0;
  let rowCount = 0;
  const chunks: Float32Array[] = [];
  let chunk = new Float32Array(0);
  let chunkUsed = 0;
  let row = new Float64Array(0);

  const columnLabel = (j: number) => (names ? `column "${names[j]}" (index ${j})` : `column index ${j}`);

  const setUp = (record: string[], line: number): boolean => {
    fieldCount = record.length;
    const numeric = record.map((field) => parseField(field) !== null && field !== '');
    const isHeader = header === 'auto' ? numeric.every((n) => !n) : header;
    if (header === 'auto' && !isHeader && !numeric.every((n) => n) && numeric.some((n) => n)) {
      const text = record.find((field, j) => !numeric[j] && field !== '');
      if (text !== undefined) {
        throw new CsvContentError(
          `${path}: line ${line} mixes numbers and text (e.g. ${JSON.stringify(text)}), so it is neither a clean header nor a data row; ` +
            'pass header: true if it is a header, or fix the row.',
        );
      }
    }
    if (isHeader) {
      names = record.map((field) => field.trim());
      headerLine = line;
    }
    const wanted = chooseColumns ? chooseColumnsOrExplain(chooseColumns, fieldCount, names) : (columns ?? record.map((_, j) => j));
    selected = wanted.map((column) => resolveColumn(column, names, fieldCount, path));
    row = new Float64Array(selected.length);
    chunk = new Float32Array(Math.max(selected.length, CHUNK_VALUES - (CHUNK_VALUES % selected.length)));
    return isHeader;
  };

  const addRecord = (record: string[], line: number): void => {
    if (record.length !== fieldCount) {
      throw new CsvContentError(
        `${path}: line ${line} has ${record.length} field${record.length === 1 ? '' : 's'}, but ${names ? 'the header' : 'line ' + firstDataLine} ` +
          `has ${fieldCount}. Every row needs the same number of fields: look for a missing or extra ${JSON.stringify(delimiter)} on line ${line}.`,
      );
    }
    if (keepRowsWhere) {
      const key = parseField(record[keepRowsWhere.column]);
      if (key === null) {
        throw new CsvContentError(`${path}: line ${line}, ${columnLabel(keepRowsWhere.column)}: ${JSON.stringify(record[keepRowsWhere.column])} is not a number.`);
      }
      if (key !== keepRowsWhere.equals) return;
    }
    for (let k = 0; k < selected.length; k++) {
      const j = selected[k];
      const field = record[j];
      const value = parseField(field);
      if (value === null) {
        throw new CsvContentError(
          `${path}: line ${line}, ${columnLabel(j)}: ${JSON.stringify(field)} is not a number. ` +
            'Fix the value, or leave the column out with the columns option.',
        );
      }
      if (!Number.isFinite(value)) {
        if (dropNonFinite) {
          droppedRows++;
          return;
        }
        const what = field === '' ? 'the field is empty (a missing value)' : `${JSON.stringify(field)} is not a finite number`;
        throw new CsvContentError(
          `${path}: line ${line}, ${columnLabel(j)}: ${what}. Fix or remove the row, or pass dropNonFinite: true ` +
            'to drop rows with NaN, ±Inf or empty fields (their count is returned as droppedRows).',
        );
      }
      if (Math.abs(value) > FLOAT32_MAX) {
        throw new CsvContentError(`${path}: line ${line}, ${columnLabel(j)}: ${field} is beyond the float32 range (±3.4e38); rescale the data.`);
      }
      row[k] = value;
    }
    if (chunkUsed === chunk.length) {
      chunks.push(chunk);
      chunk = new Float32Array(chunk.length);
      chunkUsed = 0;
    }
    chunk.set(row, chunkUsed);
    chunkUsed += row.length;
    rowCount++;
  };

  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], context) => {
      const line = context.lines;
      if (fieldCount < 0) {
        firstDataLine = line;
        if (setUp(record, line)) {
          firstDataLine = -1;
          return null;
        }
      } else if (firstDataLine < 0) {
        firstDataLine = line;
      }
      addRecord(record, line);
      return null;
    },
  });
  try {
    await pipeline(createReadStream(path), parser, async (records: AsyncIterable<unknown>) => {
      for await (const record of records) void record;
    });
  } catch (error) {
    if (error instanceof CsvContentError) throw error;
    throw new CsvContentError(`${path}: not readable as CSV: ${(error as Error).message}`);
  }

  if (fieldCount < 0) throw new CsvContentError(`${path} holds no rows (only empty lines). ${hint}`);
  if (rowCount === 0 && droppedRows === 0 && !keepRowsWhere) {
    throw new CsvContentError(`${path} has a header (line ${headerLine}) but no data rows. ${hint}`);
  }
  if (rowCount === 0 && droppedRows > 0) {
    throw new CsvContentError(`${path}: every one of the ${droppedRows} data rows held NaN, ±Inf or an empty field, so nothing is left after dropping them.`);
  }
  chunks.push(chunk.subarray(0, chunkUsed));
  const cols = selected.length;
  const data = chunks.length === 1 ? chunks[0].slice() : concatenate(chunks, rowCount * cols);
  const selectedNames = names as string[] | null;
  return { data, rows: rowCount, cols, columnNames: selectedNames ? selected.map((j) => selectedNames[j]) : null, droppedRows };
}

function chooseColumnsOrExplain(choose: NonNullable<CsvReadPlan['chooseColumns']>, fieldCount: number, names: string[] | null): number[] {
  try {
    return choose(fieldCount, names);
  } catch (error) {
    throw new CsvContentError((error as Error).message);
  }
}

/** A number, NaN/±Inf for a missing or non-finite token, or null when the text is not a number at all. */
function parseField(field: string): number | null {
  if (field === '') return Number.NaN;
  const value = Number(field);
  // Number() alone accepts hex/binary/octal literals and parseFloat() alone accepts trailing junk: demand both agree.
  if (!Number.isNaN(value) && value === Number.parseFloat(field)) return value;
  const token = NON_FINITE_TOKENS.get(field.toLowerCase());
  return token === undefined ? null : token;
}

function resolveColumn(column: number | string, names: string[] | null, fieldCount: number, path: string): number {
  if (typeof column === 'number') {
    if (!Number.isInteger(column) || column < 0 || column >= fieldCount) {
      throw new CsvContentError(
        `loadCsv(${path}): column index ${column} is out of range; the rows have ${fieldCount} fields (indices 0–${fieldCount - 1}).`,
      );
    }
    return column;
  }
  if (typeof column !== 'string') throw new CsvContentError(`loadCsv(${path}): columns must hold 0-based indices or header names, got ${JSON.stringify(column)}.`);
  if (!names) {
    throw new CsvContentError(
      `loadCsv(${path}): column "${column}" was asked for by name, but the file has no header row (line 1 is numbers); ` +
        'use 0-based indices, or pass header: true.',
    );
  }
  const index = names.indexOf(column);
  if (index < 0) throw new CsvContentError(`loadCsv(${path}): no column named "${column}"; the header has: ${names.join(', ')}.`);
  if (names.indexOf(column, index + 1) >= 0) {
    throw new CsvContentError(`loadCsv(${path}): the header names "${column}" more than once; choose the column by its 0-based index instead.`);
  }
  return index;
}

function concatenate(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
