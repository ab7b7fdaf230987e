import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../../test/temp-files';
import { idxBytes } from '../../test/idx-bytes';
import { loadIdxImages, loadMnist } from './mnist';

describe('MNIST files', () => {
  const { dir, remove } = createTempDir();
  afterAll(remove);
  const pixels = Array.from({ length: 3 * 4 }, (_, i) => i * 20);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([3, 2, 2], pixels)));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([3], [5, 0, 4]));

  it('loads a split from the distribution folder, compressed files or not', async () => {
    const set = await loadMnist(dir, 'train');
    expect(set).toMatchObject({ width: 2, height: 2, labels: new Uint8Array([5, 0, 4]) });
    expect(set.images.data[1]).toBe(Math.fround(20 / 255));
  });

  it('loads IDX files by path, labels optional', async () => {
    const set = await loadIdxImages(join(dir, 'train-images-idx3-ubyte.gz'));
    expect(set.labels).toBeNull();
    expect(set.images.rows).toBe(3);
  });

  it('says which file is missing or wrong', async () => {
    await expect(loadMnist(dir, 'test')).rejects.toThrow(`${dir} has neither t10k-images-idx3-ubyte nor t10k-images-idx3-ubyte.gz`);
    await expect(loadMnist(join(dir, 'nowhere'))).rejects.toThrow('MNIST folder not found');
    await expect(loadIdxImages(join(dir, 'train-labels-idx1-ubyte'))).rejects.toThrow('must be a count × rows × columns array (idx3), got dimensions 3.');
    await expect(loadIdxImages(join(dir, 'missing.idx'))).rejects.toThrow('File not found');
  });
});
