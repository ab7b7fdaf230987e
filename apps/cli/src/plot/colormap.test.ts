import { describe, expect, it } from 'vitest';
import { cssColor, viridis } from './colormap';

const luminance = ([r, g, b]: readonly number[]): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('viridis', () => {
  it('runs from dark purple to yellow', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(0.5)).toEqual([0x21, 0x90, 0x8c]);
  });

  it('gets brighter all the way, so brightness reads as value', () => {
    let previous = -1;
    for (let i = 0; i <= 100; i++) {
      const current = luminance(viridis(i / 100));
      expect(current).toBeGreaterThan(previous);
      previous = current;
    }
  });

  it('clamps out-of-range values and sends NaN to the low end', () => {
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });
});

describe('cssColor', () => {
  it('writes rgb() or rgba()', () => {
    expect(cssColor([1, 2, 3])).toBe('rgb(1, 2, 3)');
    expect(cssColor([1, 2, 3], 0.5)).toBe('rgba(1, 2, 3, 0.5)');
  });
});
