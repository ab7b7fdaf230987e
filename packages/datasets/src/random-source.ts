import { Random } from '@otflow/random';

/** A seed (number or string) for a fresh stream, or a {@link Random} stream to draw from (it advances). */
export type SeedOrRandom = number | string | Random;

export function toRandom(seed: SeedOrRandom, argument: string): Random {
  if (seed instanceof Random) return seed;
  if (typeof seed !== 'number' && typeof seed !== 'string') {
    throw new Error(`${argument} must be a seed (integer or string) or a Random, got ${seed === null ? 'null' : typeof seed}.`);
  }
  return new Random(seed);
}

/** Validates a sample count: the number of points a generator must return. */
export function assertSampleCount(n: number, argument: string): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`${argument} must be a positive integer (the number of points to draw), got ${String(n)}.`);
  }
}
