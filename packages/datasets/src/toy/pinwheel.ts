import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';
import { PointBuffer } from './point-buffer';

export const PINWHEEL_ARMS = 5;

/**
 * numerics §9 pinwheel: arm k = i mod 5 (so every n works and arms differ by at most one point);
 * f = (0.3·𝒩 + 1, 0.1·𝒩); a = 2πk/5 + 0.25·exp(f₁); point = 2·(f₁ cos a + f₂ sin a, −f₁ sin a + f₂ cos a);
 * shuffled.
 */
export function pinwheel(n: number, random: Random): DataMatrix {
  const points = new PointBuffer(n);
  for (let i = 0; i < n; i++) {
    const arm = i % PINWHEEL_ARMS;
    const f1 = 0.3 * random.normal() + 1;
    const f2 = 0.1 * random.normal();
    const a = (2 * Math.PI * arm) / PINWHEEL_ARMS + 0.25 * Math.exp(f1);
    const c = Math.cos(a);
    const s = Math.sin(a);
    points.set(i, 2 * (f1 * c + f2 * s), 2 * (-f1 * s + f2 * c));
  }
  points.shuffleRows(random);
  return points.toMatrix();
}
