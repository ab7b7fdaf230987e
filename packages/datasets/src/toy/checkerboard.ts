import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { PointBuffer } from './point-buffer';

/** numerics §9 checkerboard: x1 = 4U − 2; x2 = U − 2·Bernoulli(½) + (⌊x1⌋ mod 2); returns 2·(x1, x2). */
export function checkerboard(n: number, random: Random): DataMatrix {
  const points = new PointBuffer(n);
  for (let i = 0; i < n; i++) {
    const x1 = 4 * random.uniform() - 2;
    // Python's % is non-negative for a positive modulus; JavaScript's keeps the sign of ⌊x1⌋.
    const parity = ((Math.floor(x1) % 2) + 2) % 2;
    const x2 = random.uniform() - 2 * (random.bernoulli(0.5) ? 1 : 0) + parity;
    points.set(i, 2 * x1, 2 * x2);
  }
  return points.toMatrix();
}
