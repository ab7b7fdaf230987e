import { describeValue, type DataMatrix } from '../data-matrix';
import { Random } from '@otflow/random';
import type { IdxArray } from './idx';

/**
 * Grayscale images as a matrix: `images.rows` images of width × height pixel intensities in [0, 1], row-major, one
 * image per row; with their class labels when known.
 */
export interface ImageSet {
  images: DataMatrix;
  /** One label per image (0–9 for digits), or null. */
  labels: Uint8Array | null;
  width: number;
  height: number;
}

/**
 * An image set from IDX arrays: images count × rows × columns of bytes (scaled to [0, 1]) and optionally labels
 * (count bytes). `source` names them in messages.
 */
export function imageSetFromIdx(images: IdxArray, labels: IdxArray | null = null, source = 'the images'): ImageSet {
  if (images.dims.length !== 3) {
    throw new Error(`${source} must be a count × rows × columns array (idx3), got dimensions ${images.dims.join(' × ')}.`);
  }
  const [count, height, width] = images.dims;
  if (count === 0) throw new Error(`${source} holds no images.`);
  if (labels !== null) {
    if (labels.dims.length !== 1) throw new Error(`The labels must be a list (idx1), got dimensions ${labels.dims.join(' × ')}.`);
    if (labels.dims[0] !== count) throw new Error(`There are ${labels.dims[0]} labels for ${count} images; pass the labels file that belongs to the images.`);
  }
  const intensity = Float32Array.from({ length: 256 }, (_, byte) => byte / 255);
  const data = new Float32Array(images.data.length);
  for (let i = 0; i < data.length; i++) data[i] = intensity[images.data[i]];
  return { images: { data, rows: count, cols: width * height }, labels: labels === null ? null : labels.data.slice(), width, height };
}

/** Images `start` (inclusive) to `end` (exclusive) of a set, with their labels; the pixels are shared, not copied. */
export function imageSubset(set: ImageSet, start: number, end: number): ImageSet {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > set.images.rows || start >= end) {
    throw new Error(`imageSubset: need 0 ≤ start < end ≤ ${set.images.rows}, got start ${describeValue(start)}, end ${describeValue(end)}.`);
  }
  const cols = set.images.cols;
  return {
    images: { data: set.images.data.subarray(start * cols, end * cols), rows: end - start, cols },
    labels: set.labels === null ? null : set.labels.subarray(start, end),
    width: set.width,
    height: set.height,
  };
}

export interface ImageSplit {
  train: ImageSet;
  validation: ImageSet;
  test: ImageSet;
}

/**
 * Splits a set (already in random order) into consecutive parts: the first images train, the next `validation`
 * images validate, the last `test` images are held out. Deterministic: no draw.
 */
export function splitImageSet(set: ImageSet, sizes: { validation: number; test: number }): ImageSplit {
  const { validation, test } = sizes;
  const count = set.images.rows;
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`splitImageSet: ${name} must be a positive integer, got ${describeValue(value)}.`);
  }
  if (validation + test >= count) {
    throw new Error(`splitImageSet: ${validation} validation + ${test} test images leave none of the ${count} to train on.`);
  }
  const trainEnd = count - validation - test;
  return {
    train: imageSubset(set, 0, trainEnd),
    validation: imageSubset(set, trainEnd, trainEnd + validation),
    test: imageSubset(set, trainEnd + validation, count),
  };
}

/** The set in a seeded random order (a copy). */
export function shuffleImageSet(set: ImageSet, seed: number | string): ImageSet {
  const { rows, cols } = set.images;
  const order = new Random(seed).permutation(rows);
  const data = new Float32Array(rows * cols);
  const labels = set.labels === null ? null : new Uint8Array(rows);
  order.forEach((from, to) => {
    data.set(set.images.data.subarray(from * cols, (from + 1) * cols), to * cols);
    if (labels !== null) labels[to] = (set.labels as Uint8Array)[from];
  });
  return { images: { data, rows, cols }, labels, width: set.width, height: set.height };
}
