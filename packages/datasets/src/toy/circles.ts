import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { linspace, PointBuffer } from './point-buffer';

/**
 * numerics §9 circles (sklearn's make_circles with factor 0.5, noise 0.08): ⌊n/2⌋ points on the unit circle and the
 * rest on radius 0.5, evenly spaced angles, shuffled, + 0.08·𝒩², then × 3.
 */
export function circles(n: number, random: Random): DataMatrix {
  const outer = Math.floor(n / 2);
  const points = new PointBuffer(n);
  const outerAngles = linspace(0, 2 * Math.PI, outer, false);
  const innerAngles = linspace(0, 2 * Math.PI, n - outer, false);
  outerAngles.forEach((a, k) => points.set(k, Math.cos(a), Math.sin(a)));
  innerAngles.forEach((a, k) => points.set(outer + k, 0.5 * Math.cos(a), 0.5 * Math.sin(a)));
  points.shuffleRows(random);
  points.addNormalNoise(random, 0.08);
  points.affine(3);
  return points.toMatrix();
}
