import { describe, expect, it } from 'vitest';
import { paddedDomain, prefersLogScale, Scale } from './scale';

describe('Scale', () => {
  it('maps a linear domain onto a reversed pixel range (y grows downwards)', () => {
    const y = new Scale('linear', [-2, 2], [400, 0]);
    expect(y.map(-2)).toBe(400);
    expect(y.map(0)).toBe(200);
    expect(y.map(2)).toBe(0);
  });

  it('maps a log domain by decades and cannot show non-positive values', () => {
    const x = new Scale('log', [0.01, 100], [0, 400]);
    expect(x.map(1)).toBeCloseTo(200, 9);
    expect(x.map(10)).toBeCloseTo(300, 9);
    expect(x.map(0)).toBeNaN();
    expect(x.map(Number.NaN)).toBeNaN();
  });

  it('rejects empty and non-positive log domains with the values in the message', () => {
    expect(() => new Scale('linear', [1, 1], [0, 1])).toThrow(/min < max, got \[1, 1\]/);
    expect(() => new Scale('log', [-1, 1], [0, 1])).toThrow(/positive, got \[-1, 1\]/);
  });
});

describe('paddedDomain', () => {
  it('pads a linear span and skips non-finite values', () => {
    expect(paddedDomain([0, 10, Number.NaN], 'linear', 0.1)).toEqual([-1, 11]);
  });

  it('widens a constant series', () => {
    expect(paddedDomain([5, 5], 'linear')).toEqual([4.5, 5.5]);
    expect(paddedDomain([0], 'linear')).toEqual([-1, 1]);
  });

  it('gives a log axis at least half a decade', () => {
    const [low, high] = paddedDomain([0.1, 0.1], 'log');
    expect(Math.log10(high / low)).toBeCloseTo(0.5, 9);
    expect(low).toBeLessThan(0.1);
    expect(high).toBeGreaterThan(0.1);
  });
});

describe('prefersLogScale', () => {
  it('chooses log for positive values spanning orders of magnitude', () => {
    expect(prefersLogScale([5, 0.01, 1])).toBe(true);
    expect(prefersLogScale([5, 1, 2])).toBe(false);
    expect(prefersLogScale([5, -0.01, 0.001])).toBe(false);
  });
});
