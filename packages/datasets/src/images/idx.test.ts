import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, parseIdx, readIdx } from './idx';
import { imageSetFromIdx, imageSubset, shuffleImageSet, splitImageSet } from './image-set';
import { idxBytes } from '../../test/idx-bytes';

describe('IDX files', () => {
  const images = idxBytes([2, 2, 3], [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6]);

  it('parses dimensions and bytes, gzip-compressed or not', async () => {
    expect(parseIdx(images)).toEqual({ dims: [2, 2, 3], data: images.subarray(16) });
    expect(await readIdx(images)).toEqual(parseIdx(images));
    expect(await readIdx(new Uint8Array(gzipSync(images)))).toEqual({ dims: [2, 2, 3], data: images.subarray(16) });
  });

  const bad: [string, Uint8Array, string][] = [
    ['not IDX', new TextEncoder().encode('P5 28 28'), 'f is not an IDX file: it does not start with two zero bytes'],
    ['float values', idxBytes([1], [0, 0, 0, 0], 0x0d), 'f holds float values; this reader reads unsigned bytes (type 0x08), as MNIST\'s files hold.'],
    ['an unknown type', idxBytes([1], [0], 0x42), 'f holds an unknown element type 0x42; this reader reads unsigned bytes'],
    ['a truncated header', images.subarray(0, 9), 'f ends inside its header; the file is truncated.'],
    ['truncated data', images.subarray(0, 20), 'f declares dimensions 2 × 2 × 3 (12 bytes) but holds 4; the file is truncated.'],
    ['extra bytes', new Uint8Array([...images, 7]), 'f holds 1 bytes beyond its 2 × 2 × 3 array; the file is damaged.'],
    ['gzip given to parseIdx', new Uint8Array(gzipSync(images)), 'f is gzip-compressed; read it with readIdx'],
  ];
  for (const [what, bytes, message] of bad) it(`rejects ${what}`, () => expect(() => parseIdx(bytes, 'f')).toThrow(message));

  it('rejects damaged gzip data', async () => {
    const gz = new Uint8Array(gzipSync(images));
    await expect(gunzip(gz.subarray(0, gz.length - 6), 'f.gz')).rejects.toThrow('f.gz is not valid gzip data');
  });
});

describe('image sets', () => {
  const images = parseIdx(idxBytes([4, 1, 2], [0, 255, 51, 102, 1, 2, 3, 4]));
  const labels = parseIdx(idxBytes([4], [7, 1, 0, 9]));

  it('scales bytes to [0, 1] and keeps the labels', () => {
    const set = imageSetFromIdx(images, labels);
    expect(set).toMatchObject({ width: 2, height: 1, labels: new Uint8Array([7, 1, 0, 9]) });
    expect(set.images.rows).toBe(4);
    expect(Array.from(set.images.data.subarray(0, 4))).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
  });

  it('splits consecutively: train, validation, then the held-out test images', () => {
    const { train, validation, test } = splitImageSet(imageSetFromIdx(images, labels), { validation: 1, test: 2 });
    expect([train.images.rows, validation.images.rows, test.images.rows]).toEqual([1, 1, 2]);
    expect(Array.from(test.labels!)).toEqual([0, 9]);
    expect(Array.from(validation.images.data)).toEqual([Math.fround(0.2), Math.fround(0.4)]);
  });

  it('shuffles images with their labels, reproducibly for a seed', () => {
    const set = imageSetFromIdx(images, labels);
    const shuffled = shuffleImageSet(set, 5);
    expect(shuffleImageSet(set, 5)).toEqual(shuffled);
    expect([...shuffled.labels!].sort()).toEqual([...set.labels!].sort());
    for (let i = 0; i < 4; i++) {
      const from = set.labels!.indexOf(shuffled.labels![i]);
      expect(Array.from(shuffled.images.data.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(set.images.data.subarray(2 * from, 2 * from + 2)));
    }
  });

  it('rejects mismatched parts, saying what is wrong', () => {
    expect(() => imageSetFromIdx(labels)).toThrow('the images must be a count × rows × columns array (idx3), got dimensions 4.');
    expect(() => imageSetFromIdx(images, parseIdx(idxBytes([3], [1, 2, 3])))).toThrow('There are 3 labels for 4 images');
    const set = imageSetFromIdx(images);
    expect(set.labels).toBeNull();
    expect(() => splitImageSet(set, { validation: 2, test: 2 })).toThrow('2 validation + 2 test images leave none of the 4 to train on.');
    expect(() => splitImageSet(set, { validation: 0, test: 2 })).toThrow('validation must be a positive integer, got number 0.');
    expect(() => imageSubset(set, 2, 9)).toThrow('imageSubset: need 0 ≤ start < end ≤ 4');
  });
});
