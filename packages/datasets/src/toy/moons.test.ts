import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans } from '../../test/statistics';
import { moons } from './moons';

/** Distance from (x, y) to the half circle of radius 1 about (cx, cy) on the side `side` (+1 upper, −1 lower). */
function distanceToHalfCircle(x: number, y: number, cx: number, cy: number, side: number): number {
  if (side * (y - cy) >= 0) return Math.abs(Math.hypot(x - cx, y - cy) - 1);
  return Math.min(Math.hypot(x - cx - 1, y - cy), Math.hypot(x - cx + 1, y - cy));
}

describe('moons', () => {
  it('places half the points on each moon with noise 0.1 (before × 2) and mean (0, 0.3)', () => {
    const n = 10_000;
    const points = moons(n, new Random(6));
    let outerCount = 0;
    let squaredDistances = 0;
    for (let i = 0; i < n; i++) {
      // Undo × 2 + (−1, −0.2): the moons are the upper unit half circle about (0, 0) and the lower one about (1, 0.5).
      const x = (points.data[2 * i] + 1) / 2;
      const y = (points.data[2 * i + 1] + 0.2) / 2;
      const outer = distanceToHalfCircle(x, y, 0, 0, 1);
      const inner = distanceToHalfCircle(x, y, 1, 0.5, -1);
      if (outer < inner) outerCount++;
      squaredDistances += Math.min(outer, inner) ** 2;
    }
    expect(Math.abs(outerCount - n / 2)).toBeLessThan(0.03 * n);
    // The distance to the arc is about |normal component of 0.1·𝒩²|, rms 0.1 (a little less where the moons cross).
    expect(Math.sqrt(squaredDistances / n)).toBeGreaterThan(0.08);
    expect(Math.sqrt(squaredDistances / n)).toBeLessThan(0.105);
    // Outer mean (0, 2/π), inner (1, 0.5 − 2/π): together (0.5, 0.25), i.e. (0, 0.3) after × 2 + (−1, −0.2).
    const [mx, my] = columnMeans(points);
    expect(Math.abs(mx)).toBeLessThan(0.05);
    expect(Math.abs(my - 0.3)).toBeLessThan(0.05);
  });
});
