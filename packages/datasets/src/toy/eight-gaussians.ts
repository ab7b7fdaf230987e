import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { PointBuffer } from './point-buffer';

const INV_SQRT2 = 1 / Math.sqrt(2);

/** The eight mode centres of numerics §9 before the final division by 1.414, in the reference's order. */
export const EIGHT_GAUSSIANS_CENTRES: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [INV_SQRT2, INV_SQRT2],
  [INV_SQRT2, -INV_SQRT2],
  [-INV_SQRT2, INV_SQRT2],
  [-INV_SQRT2, -INV_SQRT2],
].map(([x, y]) => [4 * x, 4 * y] as const);

/** numerics §9 8gaussians: a uniformly chosen centre + 0.5·𝒩², then divided by 1.414 (the reference's constant, not √2). */
export function eightGaussians(n: number, random: Random): DataMatrix {
  const points = new PointBuffer(n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = EIGHT_GAUSSIANS_CENTRES[random.int(8)];
    points.set(i, (cx + 0.5 * random.normal()) / 1.414, (cy + 0.5 * random.normal()) / 1.414);
  }
  return points.toMatrix();
}
