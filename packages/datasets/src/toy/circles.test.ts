import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans, countTolerance, standardDeviation } from '../../test/statistics';
import { circles } from './circles';

describe('circles', () => {
  it('splits the mass between radii 3 and 1.5 with radial noise 0.24, shuffled', () => {
    const n = 10_001;
    const points = circles(n, new Random(4));
    const outer: number[] = [];
    const inner: number[] = [];
    let outerInFirstHalf = 0;
    for (let i = 0; i < n; i++) {
      const radius = Math.hypot(points.data[2 * i], points.data[2 * i + 1]) / 3;
      if (radius > 0.75) {
        outer.push(radius - 1);
        if (i < n / 2) outerInFirstHalf++;
      } else {
        inner.push(radius - 0.5);
      }
    }
    // 0.25 is 3σ of the noise: a handful of points may cross over.
    expect(Math.abs(outer.length - Math.floor(n / 2))).toBeLessThan(0.005 * n);
    expect(standardDeviation(outer)).toBeCloseTo(0.08, 2);
    expect(standardDeviation(inner)).toBeCloseTo(0.08, 1);
    expect(Math.abs(outerInFirstHalf - n / 4)).toBeLessThan(countTolerance(n / 2, 0.5));
    for (const m of columnMeans(points)) expect(Math.abs(m)).toBeLessThan(0.05);
  });
});
