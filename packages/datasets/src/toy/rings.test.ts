import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { countTolerance, standardDeviation } from '../../test/statistics';
import { RING_RADII, rings } from './rings';

describe('rings', () => {
  it('has four rings of radii 3, 2.25, 1.5, 0.75 with a quarter of the points each and noise 0.08, shuffled', () => {
    const n = 12_003;
    const points = rings(n, new Random(5));
    const residuals: number[][] = RING_RADII.map(() => []);
    let smallestInFirstHalf = 0;
    for (let i = 0; i < n; i++) {
      const radius = Math.hypot(points.data[2 * i], points.data[2 * i + 1]);
      let ring = 0;
      for (let k = 1; k < 4; k++) if (Math.abs(radius - 3 * RING_RADII[k]) < Math.abs(radius - 3 * RING_RADII[ring])) ring = k;
      residuals[ring].push(radius - 3 * RING_RADII[ring]);
      if (ring === 3 && i < n / 2) smallestInFirstHalf++;
    }
    const quarter = Math.floor(n / 4);
    const expected = [quarter, quarter, quarter, n - 3 * quarter];
    // Rings are 0.75 apart and the noise is 0.08: a misassigned point would be a 4.7σ event.
    residuals.forEach((r, k) => expect(r.length).toBe(expected[k]));
    for (const r of residuals.slice(0, 3)) expect(standardDeviation(r)).toBeCloseTo(0.08, 2);
    expect(Math.abs(smallestInFirstHalf - expected[3] / 2)).toBeLessThan(countTolerance(n / 2, 0.25));
  });
});
