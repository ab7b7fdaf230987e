import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { matrixFunction, symmetricEigen } from './symmetric-eigen';

function randomSymmetric(d: number, random: Random): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const x = random.normal();
      a[i * d + j] = x;
      a[j * d + i] = x;
    }
  }
  return a;
}

describe('symmetricEigen', () => {
  it('solves a 2 × 2 case by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[2]).toBeCloseTo(-0.5, 14);
    expect(vectors[1] * vectors[3]).toBeCloseTo(0.5, 14);
  });

  it.each([1, 3, 10, 64])('gives A V = V Λ with orthonormal V and ascending Λ (d = %i)', (d) => {
    const a = randomSymmetric(d, new Random(d));
    const { values, vectors } = symmetricEigen(a, d);
    let scale = 0;
    for (const x of a) scale = Math.max(scale, Math.abs(x));
    for (let k = 1; k < d; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += a[i * d + j] * vectors[j * d + k];
        expect(Math.abs(av - vectors[i * d + k] * values[k])).toBeLessThan(1e-12 * scale * d);
        let vtv = 0;
        for (let j = 0; j < d; j++) vtv += vectors[j * d + i] * vectors[j * d + k];
        expect(Math.abs(vtv - (i === k ? 1 : 0))).toBeLessThan(1e-12 * d);
      }
    }
  });

  it('is exact on a diagonal matrix and rebuilds A through matrixFunction', () => {
    const { values } = symmetricEigen([4, 0, 0, 0, 0.25, 0, 0, 0, 1], 3);
    expect(Array.from(values)).toEqual([0.25, 1, 4]);
    const a = randomSymmetric(5, new Random(2));
    const rebuilt = matrixFunction(symmetricEigen(a, 5), (x) => x);
    rebuilt.forEach((x, k) => expect(x).toBeCloseTo(a[k], 12));
  });
});
