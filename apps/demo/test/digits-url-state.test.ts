import { describe, expect, it } from 'vitest';
import { decodeDigitsState, DEFAULT_DIGITS_STATE, encodeDigitsState } from '../src/digits/digits-url-state';

describe('the digits page URL state', () => {
  it('round-trips a state', () => {
    const state = { seed: 12, a: { seed: 12, index: 3 }, b: { seed: 40, index: 15 }, t: 0.37 };
    expect(encodeDigitsState(state)).toBe('seed=12&a=12-3&b=40-15&t=0.37');
    expect(decodeDigitsState(encodeDigitsState(state))).toEqual({ state, problems: [] });
    expect(decodeDigitsState('')).toEqual({ state: DEFAULT_DIGITS_STATE, problems: [] });
  });

  it('reports invalid parameters and keeps their defaults', () => {
    const { state, problems } = decodeDigitsState('seed=-1&a=3&b=0-16&t=2');
    expect(state).toEqual(DEFAULT_DIGITS_STATE);
    expect(problems).toEqual([
      'The link\'s seed "-1" is not an integer from 0 to 2147483647; using 0.',
      'The link\'s digit a = "3" is not seed-index (index below 16); using 0-0.',
      'The link\'s digit b = "0-16" is not seed-index (index below 16); using 0-1.',
      'The link\'s t = "2" is not a number from 0 to 1; using 0.5.',
    ]);
  });
});
