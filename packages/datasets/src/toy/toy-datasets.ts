import type * as tf from '@tensorflow/tfjs-core';
import type { DataMatrix } from '../data-matrix';
import { toTensor } from '../tensor-conversion';
import { assertSampleCount, toRandom, type SeedOrRandom } from '../random-source';
import { checkerboard } from './checkerboard';
import { circles } from './circles';
import { eightGaussians } from './eight-gaussians';
import { moons } from './moons';
import { pinwheel } from './pinwheel';
import { rings } from './rings';
import { swissroll } from './swissroll';
import { twoSpirals } from './two-spirals';

/** The names of the toy 2-D densities of numerics §9, as the reference spells them. */
export const TOY_DATASETS = ['8gaussians', 'checkerboard', 'swissroll', 'circles', 'rings', 'moons', 'pinwheel', '2spirals'] as const;

export type ToyDatasetName = (typeof TOY_DATASETS)[number];

const GENERATORS = {
  '8gaussians': eightGaussians,
  checkerboard,
  swissroll,
  circles,
  rings,
  moons,
  pinwheel,
  '2spirals': twoSpirals,
} satisfies Record<ToyDatasetName, unknown>;

export function isToyDatasetName(name: unknown): name is ToyDatasetName {
  return typeof name === 'string' && (TOY_DATASETS as readonly string[]).includes(name);
}

/** Exactly `n` points (an n × 2 matrix) from the named toy density; the same seed gives the same points. */
export function sampleToy(name: ToyDatasetName, n: number, seed: SeedOrRandom): DataMatrix {
  if (!isToyDatasetName(name)) {
    throw new Error(`Unknown toy dataset ${JSON.stringify(name)}; choose one of: ${TOY_DATASETS.join(', ')}.`);
  }
  assertSampleCount(n, `sampleToy('${name}', n)`);
  return GENERATORS[name](n, toRandom(seed, `sampleToy('${name}', n, seed)`));
}

/** {@link sampleToy} as an [n, 2] float32 tensor (the caller disposes it). */
export function sampleToyTensor(name: ToyDatasetName, n: number, seed: SeedOrRandom): tf.Tensor2D {
  return toTensor(sampleToy(name, n, seed));
}
