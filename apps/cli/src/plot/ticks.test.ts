import { describe, expect, it } from 'vitest';
import { formatLinearTick, formatPowerOfTen, linearTicks, logTicks, niceStep } from './ticks';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(7, 5)).toBe(1);
    expect(niceStep(0.03, 5)).toBeCloseTo(0.005, 12);
    expect(niceStep(4500, 5)).toBe(1000);
  });
});

describe('linearTicks', () => {
  it('gives round values inside the range with matching labels', () => {
    const ticks = linearTicks(-3.3, 3.9, 6);
    expect(ticks.map((t) => t.value)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(ticks.map((t) => t.label)).toEqual(['−3', '−2', '−1', '0', '1', '2', '3']);
  });

  it('uses just enough decimals and never prints −0', () => {
    const ticks = linearTicks(-0.25, 0.25, 5);
    expect(ticks.map((t) => t.label)).toEqual(['−0.2', '−0.1', '0', '0.1', '0.2']);
  });

  it('respects a minimum step (whole iterations)', () => {
    expect(linearTicks(0.96, 3.04, 5, 1).map((t) => t.value)).toEqual([1, 2, 3]);
  });

  it('labels a degenerate range with its single value', () => {
    expect(linearTicks(2, 2)).toEqual([{ value: 2, label: '2' }]);
  });
});

describe('formatLinearTick', () => {
  it('switches to exponent form for huge values and tiny steps', () => {
    expect(formatLinearTick(2_000_000, 1_000_000)).toBe('2e6');
    expect(formatLinearTick(1.5e-5, 5e-6)).toBe('1.5e−5');
    expect(formatLinearTick(250, 50)).toBe('250');
  });
});

describe('logTicks', () => {
  it('labels decades and marks their multiples as minor ticks', () => {
    const ticks = logTicks(0.005, 20);
    const labelled = ticks.filter((t) => t.label !== undefined);
    expect(labelled.map((t) => t.label)).toEqual(['0.01', '0.1', '1', '10']);
    expect(ticks.some((t) => t.label === undefined && Math.abs(t.value - 0.05) < 1e-12)).toBe(true);
  });

  it('labels 2× and 5× when less than two decades show', () => {
    const labels = logTicks(0.0015, 0.06).filter((t) => t.label !== undefined).map((t) => t.label);
    expect(labels).toEqual(['0.002', '0.005', '0.01', '0.02', '0.05']);
  });

  it('labels every k-th decade over a wide range', () => {
    const labelled = logTicks(1e-12, 1e6).filter((t) => t.label !== undefined);
    expect(labelled.length).toBeLessThanOrEqual(7);
    expect(labelled.map((t) => t.label)).toContain('10⁻¹²');
  });

  it('rejects a non-positive range', () => {
    expect(() => logTicks(0, 1)).toThrow(/0 < min < max/);
  });
});

describe('formatPowerOfTen', () => {
  it('writes plain numbers near 1 and superscripts far from it', () => {
    expect(formatPowerOfTen(-3)).toBe('0.001');
    expect(formatPowerOfTen(4)).toBe('10000');
    expect(formatPowerOfTen(-12)).toBe('10⁻¹²');
    expect(formatPowerOfTen(5)).toBe('10⁵');
  });
});
