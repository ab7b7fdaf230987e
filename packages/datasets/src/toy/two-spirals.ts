import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { PointBuffer } from './point-buffer';

/**
 * numerics §9 2spirals: r = 3π√U; p = (−r cos r + 0.5U, r sin r + 0.5U); the first ⌈n/2⌉ rows are p, the rest −p
 * (so the count is exact for odd n); everything divided by 3, then + 0.1·𝒩².
 */
export function twoSpirals(n: number, random: Random): DataMatrix {
  const half = Math.ceil(n / 2);
  const points = new PointBuffer(n);
  for (let i = 0; i < half; i++) {
    const r = 3 * Math.PI * Math.sqrt(random.uniform());
    const px = -r * Math.cos(r) + 0.5 * random.uniform();
    const py = r * Math.sin(r) + 0.5 * random.uniform();
    points.set(i, px / 3, py / 3);
    if (half + i < n) points.set(half + i, -px / 3, -py / 3);
  }
  points.addNormalNoise(random, 0.1);
  return points.toMatrix();
}
