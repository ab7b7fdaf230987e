import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { PointBuffer } from './point-buffer';

/** numerics §9 swissroll: t = 1.5π(1 + 2U); (t cos t, t sin t) + 𝒩²; divided by 5. */
export function swissroll(n: number, random: Random): DataMatrix {
  const points = new PointBuffer(n);
  for (let i = 0; i < n; i++) {
    const t = 1.5 * Math.PI * (1 + 2 * random.uniform());
    points.set(i, (t * Math.cos(t) + random.normal()) / 5, (t * Math.sin(t) + random.normal()) / 5);
  }
  return points.toMatrix();
}
