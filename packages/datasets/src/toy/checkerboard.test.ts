import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { countTolerance, mean, row } from '../../test/statistics';
import { checkerboard } from './checkerboard';

describe('checkerboard', () => {
  it('puts mass only on the dark squares of [−4, 4)², uniformly, an eighth on each', () => {
    const n = 16_000;
    const points = checkerboard(n, new Random(2));
    const counts = new Map<string, number>();
    const fractionalX: number[] = [];
    const fractionalY: number[] = [];
    let outside = 0;
    let onLightSquares = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = row(points, i);
      if (x < -4 || x >= 4 || y < -4 || y >= 4) outside++;
      // Squares of side 2: a dark square has ⌊x/2⌋ + ⌊y/2⌋ even.
      const sx = Math.floor(x / 2);
      const sy = Math.floor(y / 2);
      if ((((sx + sy) % 2) + 2) % 2 !== 0) onLightSquares++;
      counts.set(`${sx},${sy}`, (counts.get(`${sx},${sy}`) ?? 0) + 1);
      fractionalX.push(x / 2 - sx);
      fractionalY.push(y / 2 - sy);
    }
    expect(outside).toBe(0);
    expect(onLightSquares).toBe(0);
    expect(counts.size).toBe(8);
    for (const count of counts.values()) expect(Math.abs(count - n / 8)).toBeLessThan(countTolerance(n, 1 / 8));
    expect(mean(fractionalX)).toBeCloseTo(0.5, 1);
    expect(mean(fractionalY)).toBeCloseTo(0.5, 1);
  });
});
