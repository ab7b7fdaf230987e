import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { linspace, PointBuffer } from './point-buffer';

/** The four ring radii of numerics §9 before the × 3. */
export const RING_RADII: readonly number[] = [1, 0.75, 0.5, 0.25];

/**
 * numerics §9 rings: ⌊n/4⌋ points on each of the radii 1, 0.75 and 0.5, the rest on 0.25, evenly spaced angles,
 * × 3, shuffled, + 0.08·𝒩².
 */
export function rings(n: number, random: Random): DataMatrix {
  const quarter = Math.floor(n / 4);
  const counts = [quarter, quarter, quarter, n - 3 * quarter];
  const points = new PointBuffer(n);
  let row = 0;
  RING_RADII.forEach((radius, ring) => {
    for (const a of linspace(0, 2 * Math.PI, counts[ring], false)) {
      points.set(row++, 3 * radius * Math.cos(a), 3 * radius * Math.sin(a));
    }
  });
  points.shuffleRows(random);
  points.addNormalNoise(random, 0.08);
  return points.toMatrix();
}
