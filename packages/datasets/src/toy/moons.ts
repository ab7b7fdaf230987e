import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { linspace, PointBuffer } from './point-buffer';

/**
 * numerics §9 moons (sklearn's make_moons, noise 0.1): ⌊n/2⌋ points on the outer moon (cos θ, sin θ), the rest on the
 * inner moon (1 − cos θ, 1 − sin θ − 0.5), θ evenly in [0, π] (both ends included), shuffled, + 0.1·𝒩²,
 * then × 2 + (−1, −0.2).
 */
export function moons(n: number, random: Random): DataMatrix {
  const outer = Math.floor(n / 2);
  const points = new PointBuffer(n);
  linspace(0, Math.PI, outer, true).forEach((t, k) => points.set(k, Math.cos(t), Math.sin(t)));
  linspace(0, Math.PI, n - outer, true).forEach((t, k) => points.set(outer + k, 1 - Math.cos(t), 1 - Math.sin(t) - 0.5));
  points.shuffleRows(random);
  points.addNormalNoise(random, 0.1);
  points.affine(2, -1, -0.2);
  return points.toMatrix();
}
