import { describe, expect, it } from 'vitest';
import { quantile, robustRange, squareBounds } from './bounds';

describe('quantile', () => {
  it('interpolates between sorted values and ignores non-finite ones', () => {
    expect(quantile([3, 1, 2, Number.NaN], 0.5)).toBe(2);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('robustRange', () => {
  it('lets a lone outlier fall outside', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 999);
    values.push(1e6);
    const [low, high] = robustRange([values], { trim: 0.002, padding: 0 });
    expect(low).toBeCloseTo(0.002, 2);
    expect(high).toBeLessThan(1.01);
  });

  it('covers every series', () => {
    expect(robustRange([[0, 1], [5, 6]], { trim: 0, padding: 0 })).toEqual([0, 6]);
  });

  it('widens a single value to ±1', () => {
    expect(robustRange([[2, 2]])).toEqual([1, 3]);
  });
});

describe('squareBounds', () => {
  it('gives both axes the longer span, about each centre', () => {
    const [[x0, x1], [y0, y1]] = squareBounds([{ xs: [0, 4], ys: [10, 11] }], { trim: 0, padding: 0 });
    expect([x0, x1]).toEqual([0, 4]);
    expect([y0, y1]).toEqual([8.5, 12.5]);
  });
});
