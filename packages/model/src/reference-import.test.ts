import { describe, expect, it } from 'vitest';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { importReferenceStateDict } from './reference-import';

const fixture = readReferenceFixture();

function stateDict(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fixture.state_dict));
}

describe('importReferenceStateDict', () => {
  it('imports the fixture (wrapped or bare), inferring d, m, nTh, r and mapping every entry', () => {
    for (const input of [fixture, fixture.state_dict]) {
      const potential = importReferenceStateDict(input, { r: 3, nTh: 2 });
      expect(potential.config).toEqual({ d: 2, m: 32, nTh: 2, r: 3 });
      const weights = potential.getWeights();
      const sd = fixture.state_dict as Record<string, number[][] | number[]>;
      expect(Array.from(weights.K1.slice(0, 32))).toEqual((sd['N.layers.1.weight'] as number[][])[0].map(Math.fround));
      expect(Array.from(weights.K0.slice(3, 6))).toEqual((sd['N.layers.0.weight'] as number[][])[1].map(Math.fround));
      expect(Array.from(weights.b)).toEqual((sd['c.weight'] as number[][])[0].map(Math.fround));
      expect(Array.from(weights.c)).toEqual((sd['c.bias'] as number[]).map(Math.fround));
      expect(Array.from(weights.w)).toEqual((sd['w.weight'] as number[][])[0].map(Math.fround));
      expect(Array.from(weights.A)).toEqual((sd.A as number[][]).flat().map(Math.fround));
      potential.dispose();
    }
  });

  it('infers deeper networks', () => {
    const sd = stateDict();
    sd['N.layers.2.weight'] = sd['N.layers.1.weight'];
    sd['N.layers.2.bias'] = sd['N.layers.1.bias'];
    const potential = importReferenceStateDict(sd);
    expect(potential.config.nTh).toBe(3);
    potential.dispose();
  });

  it.each<[string, (sd: Record<string, any>) => unknown, string]>([
    ['a missing entry', (sd) => delete sd['w.weight'], 'The state_dict is missing "w.weight" (the output weights w, shape [1, 32]).'],
    ['a missing opening layer', (sd) => delete sd['N.layers.0.weight'], 'The state_dict is missing "N.layers.0.weight" (K0, the opening layer weight, m × (d+1)).'],
    ['an extra entry', (sd) => (sd['N.h'] = [1]), 'The state_dict has unexpected entries "N.h"; an OT-Flow potential has exactly A, c.weight, c.bias, w.weight, N.layers.0.weight'],
    ['a mis-shaped entry', (sd) => (sd['c.weight'] = sd['c.weight'][0]), '"c.weight" (the potential\'s linear term b) has shape [3], expected [1, 3] (d = 2, m = 32, r = 3).'],
    ['a mis-shaped A', (sd) => (sd.A = [[1, 2]]), '"A" has shape [1, 2], expected r × 3 (r × (d+1) with d = 2).'],
    ['a mis-shaped residual layer', (sd) => sd['N.layers.1.weight'].pop(), '"N.layers.1.weight" (K1, residual layer 1\'s weight) has shape [31, 32], expected [32, 32]'],
    ['a gap in the layers', (sd) => {
      sd['N.layers.3.weight'] = sd['N.layers.1.weight'];
      sd['N.layers.3.bias'] = sd['N.layers.1.bias'];
    }, 'The state_dict\'s layers must be numbered 0..2; "N.layers.2.*" is missing.'],
    ['only the opening layer', (sd) => {
      delete sd['N.layers.1.weight'];
      delete sd['N.layers.1.bias'];
    }, 'inferred nTh (the number of ResNet layers) must be an integer ≥ 2, got 1.'],
    ['a non-numeric value', (sd) => (sd['c.bias'] = ['x']), 'state_dict["c.bias"][0] is the string "x", expected a number'],
  ])('rejects %s', (_, change, message) => {
    const sd = stateDict();
    change(sd);
    expect(() => importReferenceStateDict(sd)).toThrow(message);
  });

  it('checks expectations and the wrapped config against the shapes', () => {
    expect(() => importReferenceStateDict(fixture, { r: 4 })).toThrow("options.r is 4, but the state_dict's shapes give r = 3.");
    expect(() => importReferenceStateDict(fixture, { nTh: 3 })).toThrow("options.nTh is 3, but the state_dict's shapes give nTh = 2.");
    expect(() => importReferenceStateDict({ config: { ...fixture.config, m: 64 }, state_dict: fixture.state_dict })).toThrow(
      "config.m is 64, but the state_dict's shapes give m = 32.",
    );
    expect(() => importReferenceStateDict(null)).toThrow('A reference state_dict must be an object of named arrays, got null.');
    expect(() => importReferenceStateDict({ state_dict: [] })).toThrow('state_dict must be an object of named arrays.');
  });
});
