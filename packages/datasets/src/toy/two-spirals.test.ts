import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { columnMeans, integrate } from '../../test/statistics';
import { twoSpirals } from './two-spirals';

describe('twoSpirals', () => {
  it('has E‖3x‖² from r = 3π√U and the two halves mirror each other', () => {
    const n = 20_001;
    const points = twoSpirals(n, new Random(8));
    const c = 3 * Math.PI;
    // r = c√U has density 2r/c² on [0, c].
    const expectation = (f: (r: number) => number) => integrate((r) => (f(r) * 2 * r) / (c * c), 0, c);
    // E‖p‖² = E r² − 0.5·E[r cos r] + 0.5·E[r sin r] + 1/6 (the 0.5U offsets), plus 2·0.3² from the noise on 3x.
    const expected =
      expectation((r) => r * r) - 0.5 * expectation((r) => r * Math.cos(r)) + 0.5 * expectation((r) => r * Math.sin(r)) + 1 / 6 + 0.18;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += 9 * (points.data[2 * i] ** 2 + points.data[2 * i + 1] ** 2);
    expect(sum / n / expected).toBeCloseTo(1, 1);

    const half = Math.ceil(n / 2);
    const first = columnMeans({ data: points.data.subarray(0, 2 * half), rows: half, cols: 2 });
    const second = columnMeans({ data: points.data.subarray(2 * half), rows: n - half, cols: 2 });
    // Each half's mean is E p/3 ≠ 0; the second is its mirror image.
    expect(Math.hypot(first[0], first[1])).toBeGreaterThan(0.1);
    expect(Math.abs(first[0] + second[0])).toBeLessThan(0.08);
    expect(Math.abs(first[1] + second[1])).toBeLessThan(0.08);
  });
});
