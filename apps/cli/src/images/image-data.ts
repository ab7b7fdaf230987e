import { imageSubset, shuffleImageSet, type ImageSet } from '@otflow/datasets';
import { loadDigitsSplit } from '@otflow/datasets/digits';
import { loadMnist } from '@otflow/datasets/node';

/** Where a run's images come from: the built-in digits, or a folder with MNIST's IDX files. */
export type ImageDataSpec = { kind: 'digits' } | { kind: 'mnist'; dir: string };

export interface ImageData {
  train: ImageSet;
  validation: ImageSet;
  test: ImageSet;
  description: string;
}

/** The authors' split of MNIST's 60,000 training images: 50,000 to train, 10,000 to validate (random_split). */
const MNIST_VALIDATION = 10_000;

/**
 * Training, validation and held-out test images: the built-in digits' fixed 8,000 / 1,000 / 1,000 split, or MNIST's
 * training images in a seeded random order split 50,000 / 10,000 as the authors do, with its 10,000 test images.
 */
export async function loadImageData(spec: ImageDataSpec, seed: number | string): Promise<ImageData> {
  if (spec.kind === 'digits') {
    const split = await loadDigitsSplit();
    return { ...split, description: 'the built-in digits (8,000 training, 1,000 validation, 1,000 held-out test)' };
  }
  const all = shuffleImageSet(await loadMnist(spec.dir, 'train'), `${seed}:mnist-split`);
  const count = all.images.rows;
  if (count <= MNIST_VALIDATION) throw new Error(`${spec.dir} holds ${count} training images; MNIST has 60,000 (the split keeps 10,000 to validate).`);
  return {
    train: imageSubset(all, 0, count - MNIST_VALIDATION),
    validation: imageSubset(all, count - MNIST_VALIDATION, count),
    test: await loadMnist(spec.dir, 'test'),
    description: `MNIST from ${spec.dir} (${count - MNIST_VALIDATION} training, ${MNIST_VALIDATION} validation, test split held out)`,
  };
}

/** The test images for evaluating an image model: its run's data when the metadata names it, else the digits'. */
export function imageDataSpecFromMetadata(training: Record<string, unknown> | null): ImageDataSpec {
  const data = training?.data as Partial<ImageDataSpec> | undefined;
  if (data?.kind === 'mnist' && typeof (data as { dir?: unknown }).dir === 'string') return { kind: 'mnist', dir: (data as { dir: string }).dir };
  return { kind: 'digits' };
}
