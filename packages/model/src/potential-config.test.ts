import { describe, expect, it } from 'vitest';
import { potentialParameterCount, resolvePotentialConfig, residualStep } from './potential-config';
import { potentialWeightShapes, shapeSize } from './weight-layout';

describe('resolvePotentialConfig', () => {
  it('fills the defaults: m = 32, nTh = 2, r = min(10, d + 1)', () => {
    expect(resolvePotentialConfig({ d: 2 })).toEqual({ d: 2, m: 32, nTh: 2, r: 3 });
    expect(resolvePotentialConfig({ d: 43, m: 256 })).toEqual({ d: 43, m: 256, nTh: 2, r: 10 });
    expect(resolvePotentialConfig({ d: 1, m: 4, nTh: 5, r: 7 })).toEqual({ d: 1, m: 4, nTh: 5, r: 7 });
  });

  it('rejects invalid values, naming the field, its meaning and the value', () => {
    expect(() => resolvePotentialConfig({} as never)).toThrow('d (the data dimension) must be an integer ≥ 1, got undefined.');
    expect(() => resolvePotentialConfig({ d: 0 })).toThrow('d (the data dimension) must be an integer ≥ 1, got 0.');
    expect(() => resolvePotentialConfig({ d: 2.5 })).toThrow('got 2.5');
    expect(() => resolvePotentialConfig({ d: 2, m: -3 })).toThrow('m (the network width) must be an integer ≥ 1, got -3.');
    expect(() => resolvePotentialConfig({ d: 2, nTh: 1 })).toThrow('nTh (the number of ResNet layers) must be an integer ≥ 2, got 1.');
    expect(() => resolvePotentialConfig({ d: 2, r: 0 })).toThrow('r (the rank of the quadratic term) must be an integer ≥ 1, got 0.');
    expect(() => resolvePotentialConfig({ d: '2' } as never)).toThrow('got "2"');
    expect(() => resolvePotentialConfig({ d: 2, m: 8, nTh: Number.NaN }, 'config.')).toThrow('config.nTh');
    expect(() => resolvePotentialConfig(null as never)).toThrow('must be an object');
  });

  it('gives the residual step h = 1/(nTh − 1)', () => {
    expect(residualStep(resolvePotentialConfig({ d: 2, nTh: 2 }))).toBe(1);
    expect(residualStep(resolvePotentialConfig({ d: 2, nTh: 5 }))).toBe(0.25);
  });
});

describe('potentialParameterCount', () => {
  it.each([
    [2, 32, 1229],
    [6, 128, 17721],
    [8, 350, 126791],
    [21, 256, 72179],
    [43, 256, 78053],
    [63, 512, 297153],
  ])('d = %i, m = %i, nTh = 2 has %i parameters (numerics §2)', (d, m, count) => {
    expect(potentialParameterCount(resolvePotentialConfig({ d, m, nTh: 2 }))).toBe(count);
  });

  it('equals the total size of the weights for any depth', () => {
    for (const nTh of [2, 3, 6]) {
      const config = resolvePotentialConfig({ d: 3, m: 5, nTh, r: 2 });
      const total = Object.values(potentialWeightShapes(config)).reduce((sum, shape) => sum + shapeSize(shape), 0);
      expect(potentialParameterCount(config)).toBe(total);
    }
  });
});
