import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax-error';

describe('locateJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, 0.25, "x\\n\\u00e9", true, false, null]} ', '"s"', '-0', '7']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonSyntaxError(text)).toBeNull();
    }
  });

  it('points at the first bad character, with line and column', () => {
    expect(locateJsonSyntaxError('hello')).toEqual({ position: 0, line: 1, column: 1, truncated: false });
    expect(locateJsonSyntaxError('[1,2,]')).toMatchObject({ position: 5, truncated: false });
    expect(locateJsonSyntaxError('{\n  "a": 1,\n  b: 2\n}')).toMatchObject({ position: 14, line: 3, column: 3 });
    expect(locateJsonSyntaxError('{"a": 01}')).toMatchObject({ position: 7 });
    expect(locateJsonSyntaxError('{"a": 1} x')).toMatchObject({ position: 9, truncated: false });
  });

  it('flags text that ends early as truncated', () => {
    for (const text of ['', '{"a": [1, 2', '{"a": "abc', '{"format": tru', '[1.', '{"a"']) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonSyntaxError(text)).toMatchObject({ position: text.length, truncated: true });
    }
  });
});
