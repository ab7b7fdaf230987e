import { describe, expect, it } from 'vitest';
import { formatFloat32, formatQuantity } from './format-number';

describe('formatFloat32', () => {
  it('prints the shortest decimal that reads back as the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(-2.5747669))).toBe('-2.5747669');
    expect(formatFloat32(Math.fround(1e-7))).toBe('1e-7');
    for (const value of [Math.fround(Math.PI), Math.fround(-123456.789), Math.fround(3.4e38)]) {
      expect(Math.fround(Number(formatFloat32(value)))).toBe(value);
    }
  });
});

describe('formatQuantity', () => {
  it('rounds to significant digits, with exponents only for extreme magnitudes', () => {
    expect(formatQuantity(2.885714)).toBe('2.886');
    expect(formatQuantity(1234567)).toBe('1.235e+6');
    expect(formatQuantity(0.00003261, 3)).toBe('3.26e-5');
    expect(formatQuantity(-0.5)).toBe('-0.5');
  });
});
