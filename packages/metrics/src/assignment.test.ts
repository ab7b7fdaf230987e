import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { solveAssignment } from './assignment';

function bruteForceMinimum(cost: Float64Array, size: number): number {
  let best = Infinity;
  const visit = (row: number, used: boolean[], total: number): void => {
    if (row === size) {
      best = Math.min(best, total);
      return;
    }
    for (let column = 0; column < size; column++) {
      if (used[column]) continue;
      used[column] = true;
      visit(row + 1, used, total + cost[row * size + column]);
      used[column] = false;
    }
  };
  visit(0, new Array<boolean>(size).fill(false), 0);
  return best;
}

function matchedTotal(cost: Float64Array, size: number, columnOfRow: Int32Array): number {
  let total = 0;
  for (let row = 0; row < size; row++) total += cost[row * size + columnOfRow[row]];
  return total;
}

function expectPermutation(columnOfRow: Int32Array, size: number): void {
  expect([...columnOfRow].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, k) => k));
}

describe('solveAssignment', () => {
  it('finds the minimum over all permutations, for real and for integer costs', () => {
    const random = new Random('assignment');
    for (let trial = 0; trial < 12; trial++) {
      const size = 1 + (trial % 7);
      const integer = trial % 2 === 0;
      const cost = Float64Array.from({ length: size * size }, () => (integer ? random.int(5) : random.normal() * 3));
      const columnOfRow = solveAssignment(cost, size);
      expectPermutation(columnOfRow, size);
      expect(matchedTotal(cost, size, columnOfRow)).toBeCloseTo(bruteForceMinimum(cost, size), 12);
    }
  });

  it('handles all-equal costs and a planted unique optimum', () => {
    expectPermutation(solveAssignment(new Float64Array(25).fill(2), 5), 5);
    const size = 6;
    const planted = [3, 0, 5, 1, 4, 2];
    const cost = Float64Array.from({ length: size * size }, (_, k) => (planted[Math.floor(k / size)] === k % size ? 0 : 1));
    expect(Array.from(solveAssignment(cost, size))).toEqual(planted);
  });

  it('rejects a cost matrix of the wrong size', () => {
    expect(() => solveAssignment(new Float64Array(5), 2)).toThrow(/cost must hold size × size = 4 entries, got 5/);
  });
});
