import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic';

describe('writeFileAtomic', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'otflow-atomic-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes new files and replaces existing ones, leaving no temporary file', async () => {
    const path = join(folder, 'model.json');
    await writeFileAtomic(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    await writeFile(path, 'old contents that are longer');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(folder)).toEqual(['model.json']);
  });

  it('names the path when it fails and removes its temporary file', async () => {
    const missingFolder = join(folder, 'no-such-folder', 'model.json');
    await expect(writeFileAtomic(missingFolder, 'x')).rejects.toThrow(`Could not write ${missingFolder}: ENOENT`);
    // Renaming a file over a folder fails after the temporary file was written: it must be cleaned up.
    const blocked = join(folder, 'blocked');
    await writeFile(join(folder, 'keep.txt'), 'keep');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    await expect(writeFileAtomic(blocked, 'x')).rejects.toThrow(`Could not write ${blocked}:`);
    expect((await readdir(folder)).sort()).toEqual(['blocked', 'keep.txt']);
  });
});
