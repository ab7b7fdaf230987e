import { describe, expect, it } from 'vitest';
import { decodeStrokes, DRAW_EXTENT, encodeStrokes, quantizeCoordinate } from '../src/data/stroke-codec';

describe('stroke codec', () => {
  it('stores coordinates on 256 levels over the pad and decodes them exactly', () => {
    const strokes = [[-4, 4, 0, 0, 1.234, -2.5, 3.99, -3.99], [0.1, 0.2]];
    const text = encodeStrokes(strokes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const decoded = decodeStrokes(text);
    expect(decoded).toHaveLength(2);
    decoded.flat().forEach((value, i) => {
      expect(Math.abs(value - strokes.flat()[i])).toBeLessThanOrEqual(DRAW_EXTENT / 255 + 1e-12);
    });
    expect(decoded).toEqual(strokes.map((stroke) => stroke.map(quantizeCoordinate)));
    expect(encodeStrokes(decoded)).toBe(text);
  });

  it('clamps points outside the pad to its edge', () => {
    expect(quantizeCoordinate(10)).toBe(DRAW_EXTENT);
    expect(quantizeCoordinate(-10)).toBe(-DRAW_EXTENT);
  });

  it('handles every byte-group length (1, 2 and 3 trailing bytes)', () => {
    for (const points of [1, 2, 3, 4]) {
      const stroke = Array.from({ length: 2 * points }, (_, i) => quantizeCoordinate(-4 + 0.37 * i));
      expect(decodeStrokes(encodeStrokes([stroke]))).toEqual([stroke]);
    }
  });

  it('encodes no strokes as an empty string, and skips empty strokes', () => {
    expect(encodeStrokes([])).toBe('');
    expect(decodeStrokes('')).toEqual([]);
    expect(encodeStrokes([[], [1, 1]])).toBe(encodeStrokes([[1, 1]]));
  });

  it('rejects malformed text with the stroke number', () => {
    expect(() => decodeStrokes('AAAAAAAA.A')).toThrow(/stroke 2 is truncated/);
    expect(() => decodeStrokes('AA*A')).toThrow(/stroke 1 has the character "\*"/);
    expect(() => decodeStrokes('AAA')).not.toThrow();
    expect(() => decodeStrokes('AA')).toThrow(/stroke 1 holds 1 coordinates/);
  });
});
