import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Checks, before any long work starts, that a file can be written at `path`: its folder exists and is writable and
 * the path is not a folder itself. Returns the absolute path. The message names the flag and the problem.
 */
export async function checkOutputPath(path: string, flag: string): Promise<string> {
  const absolute = resolve(path);
  const folder = dirname(absolute);
  const existing = await stat(absolute).catch(() => null);
  if (path.endsWith('/') || existing?.isDirectory()) {
    throw new Error(`${flag} ${path} is a folder; give a file path inside it.`);
  }
  const parent = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
  if (parent instanceof Error) {
    const why = parent.code === 'ENOENT' ? `the folder ${folder} does not exist (create it first)` : parent.message;
    throw new Error(`Cannot write ${flag} ${path}: ${why}.`);
  }
  if (!parent.isDirectory()) throw new Error(`Cannot write ${flag} ${path}: ${folder} is a file, not a folder.`);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new Error(`Cannot write ${flag} ${path}: no permission to write in ${folder}.`);
  }
  return absolute;
}
