import { describe, expect, it } from 'vitest';
import { closestMatch } from './closest-match';

describe('closestMatch', () => {
  it('finds prefixes, swaps and near misses, ignoring case, and nothing for distant words', () => {
    expect(closestMatch('iter', ['iters', 'seed'])).toBe('iters');
    expect(closestMatch('trian', ['train', 'sample'])).toBe('train');
    expect(closestMatch('NTH', ['nth', 'nt-val'])).toBe('nth');
    expect(closestMatch('banana', ['train', 'sample'])).toBeUndefined();
  });
});
