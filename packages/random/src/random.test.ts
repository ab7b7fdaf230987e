import { describe, expect, it } from 'vitest';
import { Random } from './random';

describe('Random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Random(42).uniformArray(5);
    expect(new Random(42).uniformArray(5)).toEqual(a);
    expect(new Random(43).uniformArray(5)).not.toEqual(a);
    expect(new Random('swissroll').uniform()).toBe(new Random('swissroll').uniform());
  });

  it('draws uniforms and normals with the right moments', () => {
    const random = new Random(7);
    const n = 200_000;
    const u = random.uniformArray(n);
    const z = random.normalArray(n);
    const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = (xs: Float64Array) => mean(xs.map((x) => x * x)) - mean(xs) ** 2;
    expect(u.reduce((lo, x) => Math.min(lo, x), 1)).toBeGreaterThanOrEqual(0);
    expect(u.reduce((hi, x) => Math.max(hi, x), 0)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(variance(u)).toBeCloseTo(1 / 12, 2);
    expect(mean(z)).toBeCloseTo(0, 2);
    expect(variance(z)).toBeCloseTo(1, 1.5);
    expect(mean(z.map((x) => x ** 4))).toBeCloseTo(3, 1);
  });

  it('gives unbiased integers and valid permutations', () => {
    const random = new Random(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[random.int(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const perm = random.permutation(1000);
    expect(Array.from(perm).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('resumes exactly from a saved state, spare normal included', () => {
    const random = new Random(9);
    random.normal();
    const saved = JSON.parse(JSON.stringify(random.state()));
    const expected = [random.normal(), random.uniform(), random.int(10)];
    const resumed = Random.fromState(saved);
    expect([resumed.normal(), resumed.uniform(), resumed.int(10)]).toEqual(expected);
  });

  it('forks independent streams reproducibly', () => {
    const a = new Random(3).fork('data').uniformArray(3);
    const b = new Random(3).fork('init').uniformArray(3);
    expect(new Random(3).fork('data').uniformArray(3)).toEqual(a);
    expect(b).not.toEqual(a);
  });

  it('rejects bad seeds, counts and states with clear messages', () => {
    expect(() => new Random(Number.NaN)).toThrow(/finite integer or a string/);
    expect(() => new Random(1.5)).toThrow(/finite integer/);
    expect(() => new Random(1).int(0)).toThrow(/1 ≤ n/);
    expect(() => new Random(1).uniformArray(-1)).toThrow(/non-negative integer/);
    expect(() => Random.fromState({ words: [0, 0, 0, 0], spareNormal: null })).toThrow(/all zeros/);
    expect(() => Random.fromState({ words: [1, 2] as never, spareNormal: null })).toThrow(/four unsigned/);
  });
});
