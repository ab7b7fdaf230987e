import { promises as fs } from 'node:fs';
import type { DataMatrix } from '../data-matrix';

/** A matrix read from a file, with what the reader learned on the way. */
export interface LoadedMatrix extends DataMatrix {
  /** The header's names of the returned columns (CSV with a header), else null. */
  columnNames: string[] | null;
  /** Rows left out because they held NaN, ±Inf or an empty field (only with `dropNonFinite: true`). */
  droppedRows: number;
}

/** Checks that `path` is a non-empty regular file and returns its size; `hint` says what to do otherwise. */
export async function assertReadableFile(path: string, hint: string): Promise<number> {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`Expected a file path (a non-empty string), got ${JSON.stringify(path)}.`);
  let size: number;
  try {
    const stats = await fs.stat(path);
    if (stats.isDirectory()) throw new Error(`${path} is a directory, not a file. ${hint}`);
    size = stats.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`File not found: ${path}. ${hint}`);
    if (code === 'EACCES') throw new Error(`No permission to read ${path}. ${hint}`);
    throw error;
  }
  if (size === 0) throw new Error(`${path} is empty (0 bytes). ${hint}`);
  return size;
}

export const CHECK_PATH_HINT = 'Check the path (relative paths start at the current working directory).';
