import { expect } from 'vitest';

/** Asserts |actual − expected| ≤ abs + rel·|expected| element-wise, reporting the worst entry. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: { rel?: number; abs?: number }): void {
  const { rel = 0, abs = 0 } = tolerance;
  expect(actual.length).toBe(expected.length);
  let worst = { index: -1, excess: 0, actual: 0, expected: 0 };
  for (let i = 0; i < expected.length; i++) {
    const allowed = abs + rel * Math.abs(expected[i]);
    const excess = Math.abs(actual[i] - expected[i]) - allowed;
    if (!(excess <= worst.excess)) worst = { index: i, excess, actual: actual[i], expected: expected[i] };
  }
  if (worst.index >= 0) {
    expect.fail(`entry ${worst.index}: ${worst.actual} differs from ${worst.expected} by more than abs ${abs} + rel ${rel}`);
  }
}
