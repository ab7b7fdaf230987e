import { describe, expect, it } from 'vitest';
import { OdeError } from './errors';
import { denseWeights, METHOD_NAMES, resolveMethod, TABLEAUX, validateTableau, type ButcherTableau } from './tableau';

const HEUN = TABLEAUX.heun;

function rejection(tableau: unknown): OdeError {
  try {
    validateTableau(tableau as ButcherTableau);
  } catch (error) {
    expect(error).toBeInstanceOf(OdeError);
    expect((error as OdeError).code).toBe('invalid-argument');
    return error as OdeError;
  }
  throw new Error('expected the tableau to be rejected');
}

describe('built-in tableaux', () => {
  it('all validate, with their orders and FSAL where it holds', () => {
    for (const name of METHOD_NAMES) expect(validateTableau(TABLEAUX[name]).name).toBe(name);
    expect(METHOD_NAMES).toEqual(['euler', 'midpoint', 'heun', 'rk4', 'dopri5']);
    const dopri5 = validateTableau(TABLEAUX.dopri5);
    expect(dopri5).toMatchObject({ stages: 7, order: 5, errorOrder: 4, fsal: true });
    expect(validateTableau(TABLEAUX.rk4)).toMatchObject({ fsal: false, errorWeights: undefined });
  });

  it('the dopri5 error weights are b − b̂ (the 5th-order minus the 4th-order weights)', () => {
    const { errorWeights } = validateTableau(TABLEAUX.dopri5);
    expect(errorWeights?.[0]).toBeCloseTo(71 / 57600, 15);
    expect(errorWeights?.[6]).toBeCloseTo(-1 / 40, 15);
  });

  it("dopri5's continuous extension starts at 0 and ends at b", () => {
    const dense = TABLEAUX.dopri5.dense!;
    expect(denseWeights(dense, 0)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    denseWeights(dense, 1).forEach((w, i) => expect(w).toBeCloseTo(TABLEAUX.dopri5.b[i], 14));
    // At any θ the weights sum to θ: the interpolant is exact for constant derivatives.
    expect(denseWeights(dense, 0.3).reduce((a, b) => a + b, 0)).toBeCloseTo(0.3, 14);
  });
});

describe('resolveMethod', () => {
  it('lists the valid names for an unknown one', () => {
    expect(() => resolveMethod('rk45' as never)).toThrow(
      'Unknown method "rk45": choose one of euler, midpoint, heun, rk4, dopri5, or pass a Butcher tableau {a, b, c}.',
    );
  });

  it('does not accept inherited property names as methods', () => {
    expect(() => resolveMethod('toString' as never)).toThrow(/Unknown method "toString"/);
  });
});

describe('validateTableau', () => {
  it('accepts a valid custom tableau and names it in later errors', () => {
    expect(validateTableau({ ...HEUN, name: 'mine' }).name).toBe('mine');
    expect(rejection({ ...HEUN, name: 'mine', b: [0.5, 0.6] }).message).toMatch(/^Invalid Butcher tableau "mine"/);
  });

  it('rejects a non-object method', () => {
    expect(rejection(42).message).toMatch(/method must be one of euler, .* or a Butcher tableau \{a, b, c\}, got 42/);
  });

  it('requires a square a', () => {
    expect(rejection({ a: [[0], [1, 0]], b: [0.5, 0.5], c: [0, 1] }).message).toContain(
      'a must be square: it has 2 rows but row 0 has 1 entries.',
    );
    expect(rejection({ a: [], b: [], c: [] }).message).toContain('a must be a non-empty array of rows');
  });

  it('requires a strictly lower-triangular a (explicit methods only)', () => {
    const implicit = { a: [[0.5, 0], [0, 0.5]], b: [0.5, 0.5], c: [0.5, 0.5] };
    expect(rejection(implicit).message).toContain('a must be strictly lower triangular (explicit method), but a[0][0] = 0.5');
  });

  it('requires b and c to have one entry per stage', () => {
    expect(rejection({ ...HEUN, b: [1] }).message).toContain('b must have one weight per stage (2), got 1.');
    expect(rejection({ ...HEUN, c: [0, 1, 1] }).message).toContain('c must have one entry per stage (2), got 3.');
  });

  it('requires consistency: Σb = 1 and c_i = Σ_j a_ij', () => {
    expect(rejection({ ...HEUN, b: [0.5, 0.6] }).message).toContain('the weights b must sum to 1 (consistency), they sum to 1.1.');
    expect(rejection({ ...HEUN, c: [0, 0.5] }).message).toContain('c[1] must equal the sum of row 1 of a (1), got 0.5.');
  });

  it('rejects non-finite coefficients', () => {
    expect(rejection({ ...HEUN, a: [[0, 0], [NaN, 0]] }).message).toContain('a[1][0] must be a finite number, got NaN.');
    expect(rejection({ ...HEUN, b: [0.5, Infinity] }).message).toContain('b[1] must be a finite number, got Infinity.');
  });

  it('checks embedded weights and requires both orders with them', () => {
    expect(rejection({ ...HEUN, bHat: [1, 0] }).message).toContain('a tableau with bHat needs order and embeddedOrder');
    expect(rejection({ ...HEUN, bHat: [1, 0.5], order: 2, embeddedOrder: 1 }).message).toContain('the weights bHat must sum to 1');
    expect(rejection({ ...HEUN, order: 1.5 }).message).toContain('order must be a positive integer, got 1.5.');
    const heunEuler = validateTableau({ ...HEUN, bHat: [1, 0], order: 2, embeddedOrder: 1 });
    expect(heunEuler.errorWeights).toEqual([-0.5, 0.5]);
    expect(heunEuler.errorOrder).toBe(1);
  });

  it('checks that a continuous extension ends at b', () => {
    expect(rejection({ ...HEUN, dense: [[0.5], [0.4]] }).message).toContain('dense row 1 must sum to b[1] = 0.5');
    expect(rejection({ ...HEUN, dense: [[0.5]] }).message).toContain('dense must have one row per stage (2), got 1.');
  });
});
