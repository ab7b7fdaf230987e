import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { countTolerance, row } from '../../test/statistics';
import { EIGHT_GAUSSIANS_CENTRES, eightGaussians } from './eight-gaussians';

describe('eightGaussians', () => {
  it('puts an eighth of the mass on each centre/1.414 with spread 0.5/1.414', () => {
    const n = 16_000;
    const points = eightGaussians(n, new Random(1));
    const centres = EIGHT_GAUSSIANS_CENTRES.map(([x, y]) => [x / 1.414, y / 1.414]);
    const sums = centres.map(() => ({ count: 0, dx: 0, dy: 0, dx2: 0, dy2: 0 }));
    for (let i = 0; i < n; i++) {
      const [x, y] = row(points, i);
      let best = 0;
      for (let k = 1; k < 8; k++) {
        if (Math.hypot(x - centres[k][0], y - centres[k][1]) < Math.hypot(x - centres[best][0], y - centres[best][1])) best = k;
      }
      const s = sums[best];
      const dx = x - centres[best][0];
      const dy = y - centres[best][1];
      s.count++;
      s.dx += dx;
      s.dy += dy;
      s.dx2 += dx * dx;
      s.dy2 += dy * dy;
    }
    const sigma = 0.5 / 1.414;
    for (const s of sums) {
      expect(Math.abs(s.count - n / 8)).toBeLessThan(countTolerance(n, 1 / 8));
      expect(Math.abs(s.dx / s.count)).toBeLessThan((5 * sigma) / Math.sqrt(s.count));
      expect(Math.abs(s.dy / s.count)).toBeLessThan((5 * sigma) / Math.sqrt(s.count));
      // Neighbouring modes are 2.16 apart, six spreads (0.35): nearest-centre assignment leaves the spread intact.
      expect(Math.sqrt(s.dx2 / s.count)).toBeCloseTo(sigma, 1);
      expect(Math.sqrt(s.dy2 / s.count)).toBeCloseTo(sigma, 1);
    }
  });
});
