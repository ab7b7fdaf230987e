import type { BackendReport } from '../protocol';
import type { LogDensityScale } from './model-asset';

/**
 * A generated digit, named by where its Gaussian code comes from: row `index` of the standard normal draws seeded by
 * `seed` (so digit (s, i) is the i-th image of `ImageFlow.sample(n, { seed: s })`).
 */
export interface DigitRef {
  seed: number;
  index: number;
}

/** Messages from the digits page to its worker; each carries an id that the answer repeats. */
export type DigitsRequest =
  /** Fetches and unpacks the model asset at this (absolute) URL; the worker answers with 'ready' or an error. */
  | { type: 'load'; url: string }
  /** The images decoded from these digits' codes. */
  | { type: 'digits'; id: number; digits: DigitRef[] }
  /** The image at fraction t of the straight line from a's Gaussian code to b's. */
  | { type: 'interpolate'; id: number; a: DigitRef; b: DigitRef; t: number }
  /** A drawing's log-density (−latentNll) and its reconstruction through the autoencoder. */
  | { type: 'score'; id: number; pixels: Float32Array };

/** Messages from the worker to the page. Images are 28 × 28 intensities in [0, 1], row-major, one after another. */
export type DigitsEvent =
  | { type: 'ready'; report: BackendReport; modelBytes: number; loadMs: number; scales: LogDensityScale[]; description: string }
  | { type: 'error'; id: number | null; message: string }
  | { type: 'images'; id: number; images: Float32Array; count: number; ms: number }
  | { type: 'score'; id: number; logDensity: number; reconstruction: Float32Array; ms: number };

/** Where the page fetches the shipped model asset (written by scripts/pack-digits-model.ts), relative to the page. */
export const DIGITS_MODEL_ASSET = 'models/digits.otflow.bin';
