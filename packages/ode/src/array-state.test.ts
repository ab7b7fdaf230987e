import { describe, expect, it } from 'vitest';
import { ArrayStateAlgebra } from './array-state';

const identity = (_t: number, y: Float64Array, out: Float64Array) => {
  out.set(y);
  return out;
};

describe('ArrayStateAlgebra', () => {
  it('forms base + h·Σ c_j k_j in the given buffer, over the first ks.length coefficients', () => {
    const algebra = new ArrayStateAlgebra(identity, new Float64Array(2));
    const out = algebra.workspace();
    const result = algebra.combine(out, Float64Array.of(1, 2), 0.5, [2, 0, 4], [Float64Array.of(1, 1), Float64Array.of(NaN, NaN)]);
    expect(result).toBe(out);
    // The zero coefficient skips its term entirely (NaN there does not leak in), and the third one is not used.
    expect(Array.from(result)).toEqual([2, 3]);
    expect(Array.from(algebra.combine(out, undefined, 1, [3], [Float64Array.of(1, -1)]))).toEqual([3, -3]);
  });

  it('copies a derivative returned in another array into the buffer', () => {
    const algebra = new ArrayStateAlgebra((_t, y) => Float64Array.of(y[0] * 2), Float64Array.of(3));
    const out = algebra.workspace();
    expect(algebra.evaluate(0, Float64Array.of(3), out)).toBe(out);
    expect(out[0]).toBe(6);
  });

  it('computes the weighted RMS norm with the larger of two reference magnitudes', () => {
    const algebra = new ArrayStateAlgebra(identity, new Float64Array(2));
    const norm = algebra.weightedRms(Float64Array.of(0.3, 0.4), Float64Array.of(1, -9), Float64Array.of(2, 0), 0.1, 0.1);
    // Scales: 0.1 + 0.1·2 = 0.3 and 0.1 + 0.1·9 = 1.0 → ratios 1 and 0.4.
    expect(norm).toBeCloseTo(Math.sqrt((1 + 0.16) / 2), 14);
  });

  it('detects non-finite components', () => {
    const algebra = new ArrayStateAlgebra(identity, new Float64Array(2));
    expect(algebra.allFinite(Float64Array.of(1, -1e308))).toBe(true);
    expect(algebra.allFinite(Float64Array.of(1, Infinity))).toBe(false);
    expect(algebra.allFinite(Float64Array.of(NaN, 0))).toBe(false);
  });
});
