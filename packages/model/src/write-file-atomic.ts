import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let temporaryCounter = 0;

/**
 * Writes `data` to `path` so that readers see the old file or the new one, never a partial one: it writes a
 * temporary file in the same folder, flushes it to disk (fsync) and renames it over `path`. On failure the temporary
 * file is removed and the error, naming `path`, is rethrown.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  temporaryCounter += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${temporaryCounter}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`Could not write ${path}: ${(error as Error).message}`, { cause: error });
  }
}
