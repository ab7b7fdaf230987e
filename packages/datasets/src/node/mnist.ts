import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { readIdx } from '../images/idx';
import { imageSetFromIdx, type ImageSet } from '../images/image-set';
import { assertReadableFile, CHECK_PATH_HINT } from './file-checks';

/** The file names MNIST is distributed under, per split (each also as .gz). */
export const MNIST_FILES = Object.freeze({
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
});

export type MnistSplit = keyof typeof MNIST_FILES;

async function readIdxFile(path: string): Promise<Awaited<ReturnType<typeof readIdx>>> {
  await assertReadableFile(path, CHECK_PATH_HINT);
  return readIdx(new Uint8Array(await fs.readFile(path)), path);
}

/**
 * Reads MNIST-style IDX files, gzip-compressed or not: images (count × rows × columns bytes, scaled to [0, 1]) and,
 * optionally, their labels. Node only.
 */
export async function loadIdxImages(imagesPath: string, labelsPath?: string): Promise<ImageSet> {
  const images = await readIdxFile(imagesPath);
  const labels = labelsPath === undefined ? null : await readIdxFile(labelsPath);
  return imageSetFromIdx(images, labels, imagesPath);
}

async function findFile(folder: string, name: string): Promise<string> {
  for (const candidate of [name, `${name}.gz`]) {
    const path = join(folder, candidate);
    if (await fs.stat(path).then((s) => s.isFile(), () => false)) return path;
  }
  throw new Error(`${folder} has neither ${name} nor ${name}.gz: point to the folder holding MNIST's IDX files (as downloaded from its home page).`);
}

/**
 * MNIST's training (60,000) or test (10,000) images with labels from a folder holding the distribution's files
 * (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-…). Node only.
 */
export async function loadMnist(folder: string, split: MnistSplit = 'train'): Promise<ImageSet> {
  const names = MNIST_FILES[split];
  if (names === undefined) throw new Error(`loadMnist: split must be "train" or "test", got ${JSON.stringify(split)}.`);
  const stats = await fs.stat(folder).catch(() => null);
  if (stats === null || !stats.isDirectory()) throw new Error(`MNIST folder not found: ${folder}. ${CHECK_PATH_HINT}`);
  return loadIdxImages(await findFile(folder, names.images), await findFile(folder, names.labels));
}
