import { invalidArgument } from './errors';

/**
 * An explicit Runge–Kutta method as its Butcher tableau. One step from (t, y) with step h computes
 * k_i = f(t + c_i·h, y + h·Σ_{j<i} a_ij·k_j) and y_new = y + h·Σ_i b_i·k_i.
 */
export interface ButcherTableau {
  /** Shown in error messages. */
  readonly name?: string;
  /** Stage coefficients: an s×s strictly lower-triangular matrix (explicit method). */
  readonly a: readonly (readonly number[])[];
  /** Solution weights (length s); they sum to 1. */
  readonly b: readonly number[];
  /** Stage times as fractions of the step (length s); c_i = Σ_j a_ij. */
  readonly c: readonly number[];
  /** Order of the solution given by `b`. Required with `bHat`. */
  readonly order?: number;
  /** Weights of an embedded solution (length s, sum 1). With them a solve without `steps`/`dt` is adaptive. */
  readonly bHat?: readonly number[];
  /** Order of the embedded solution. Required with `bHat`. */
  readonly embeddedOrder?: number;
  /**
   * Continuous extension for output between steps: weight b_i(θ) = Σ_j dense[i][j]·θ^(j+1) for θ in [0, 1], so
   * y(t + θh) ≈ y + h·Σ_i b_i(θ)·k_i. Rows must sum to `b` (the extension ends at the step's solution).
   */
  readonly dense?: readonly (readonly number[])[];
}

/** A tableau that passed validation, with what the integrators derive from it. */
export interface ValidTableau {
  readonly name: string;
  readonly stages: number;
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly c: readonly number[];
  readonly order: number | undefined;
  /** b − b̂: weights of the local error estimate; undefined for a method without an embedded solution. */
  readonly errorWeights: readonly number[] | undefined;
  /** Order q of the error estimate, min(order, embeddedOrder); step-size control uses exponents in 1/(q+1). */
  readonly errorOrder: number | undefined;
  readonly dense: readonly (readonly number[])[] | undefined;
  /** First same as last: the last stage is evaluated at the new state, so its derivative starts the next step. */
  readonly fsal: boolean;
}

/** Names of the built-in methods. */
export type MethodName = 'euler' | 'midpoint' | 'heun' | 'rk4' | 'dopri5';

const DOPRI5_B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];

/** The built-in tableaux. `dopri5` is Dormand–Prince 5(4) with the 4th-order continuous extension of Shampine. */
export const TABLEAUX: Readonly<Record<MethodName, ButcherTableau>> = {
  euler: { name: 'euler', a: [[0]], b: [1], c: [0], order: 1 },
  midpoint: {
    name: 'midpoint',
    a: [
      [0, 0],
      [1 / 2, 0],
    ],
    b: [0, 1],
    c: [0, 1 / 2],
    order: 2,
  },
  heun: {
    name: 'heun',
    a: [
      [0, 0],
      [1, 0],
    ],
    b: [1 / 2, 1 / 2],
    c: [0, 1],
    order: 2,
  },
  rk4: {
    name: 'rk4',
    a: [
      [0, 0, 0, 0],
      [1 / 2, 0, 0, 0],
      [0, 1 / 2, 0, 0],
      [0, 0, 1, 0],
    ],
    b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
    c: [0, 1 / 2, 1 / 2, 1],
    order: 4,
  },
  dopri5: {
    name: 'dopri5',
    a: [
      [0, 0, 0, 0, 0, 0, 0],
      [1 / 5, 0, 0, 0, 0, 0, 0],
      [3 / 40, 9 / 40, 0, 0, 0, 0, 0],
      [44 / 45, -56 / 15, 32 / 9, 0, 0, 0, 0],
      [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0, 0, 0],
      [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0, 0],
      [...DOPRI5_B],
    ],
    b: DOPRI5_B,
    c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
    order: 5,
    bHat: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
    embeddedOrder: 4,
    // Shampine's interpolant as used by scipy's RK45 (coefficients of θ, θ², θ³, θ⁴ per stage).
    dense: [
      [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
      [0, 0, 0, 0],
      [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
      [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
      [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
      [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
      [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
    ],
  },
};

export const METHOD_NAMES = Object.keys(TABLEAUX) as readonly MethodName[];

// Coefficients typed as fractions (1/3) are exact to double precision; decimals typed to 10 digits are not
// consistent enough to keep a method's order, so this tolerance rejects them.
const CONSISTENCY_TOLERANCE = 1e-10;

/** Checks a tableau and derives what the integrators need; throws an OdeError naming the first problem. */
export function validateTableau(tableau: ButcherTableau): ValidTableau {
  const name = typeof tableau?.name === 'string' ? tableau.name : 'custom tableau';
  const fail = (what: string) => invalidArgument(`Invalid Butcher tableau "${name}": ${what}`);
  if (tableau === null || typeof tableau !== 'object') {
    throw invalidArgument(`method must be one of ${METHOD_NAMES.join(', ')} or a Butcher tableau {a, b, c}, got ${String(tableau)}.`);
  }
  const { a, b, c } = tableau;
  if (!Array.isArray(a) || a.length === 0) throw fail('a must be a non-empty array of rows (an s×s matrix).');
  const s = a.length;
  a.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== s) {
      throw fail(`a must be square: it has ${s} rows but row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries.`);
    }
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) throw fail(`a[${i}][${j}] must be a finite number, got ${String(value)}.`);
      if (j >= i && value !== 0) {
        throw fail(`a must be strictly lower triangular (explicit method), but a[${i}][${j}] = ${value}; only j < i may be non-zero.`);
      }
    });
  });
  checkWeights(b, 'b', s, fail);
  if (!Array.isArray(c) || c.length !== s) {
    throw fail(`c must have one entry per stage (${s}), got ${Array.isArray(c) ? c.length : String(c)}.`);
  }
  c.forEach((value, i) => {
    if (!Number.isFinite(value)) throw fail(`c[${i}] must be a finite number, got ${String(value)}.`);
    const rowSum = a[i].reduce((sum: number, x: number) => sum + x, 0);
    if (Math.abs(rowSum - value) > CONSISTENCY_TOLERANCE * (1 + Math.abs(value))) {
      throw fail(`c[${i}] must equal the sum of row ${i} of a (${rowSum}), got ${value}.`);
    }
  });
  const order = checkOrder(tableau.order, 'order', fail);
  let errorWeights: number[] | undefined;
  let errorOrder: number | undefined;
  if (tableau.bHat !== undefined) {
    checkWeights(tableau.bHat, 'bHat', s, fail);
    const embeddedOrder = checkOrder(tableau.embeddedOrder, 'embeddedOrder', fail);
    if (order === undefined || embeddedOrder === undefined) {
      throw fail('a tableau with bHat needs order and embeddedOrder (step-size control depends on them).');
    }
    const bHat = tableau.bHat;
    errorWeights = b.map((w, i) => w - bHat[i]);
    errorOrder = Math.min(order, embeddedOrder);
  }
  const dense = tableau.dense === undefined ? undefined : checkDense(tableau.dense, b, fail);
  const last = s - 1;
  const fsal = s > 1 && c[last] === 1 && b[last] === 0 && a[last].every((value: number, j: number) => j === last || value === b[j]);
  return { name, stages: s, a, b, c, order, errorWeights, errorOrder, dense, fsal };
}

/** Weights b_i(θ) of the continuous extension at θ in [0, 1] (Horner form of Σ_j dense[i][j]·θ^(j+1)). */
export function denseWeights(dense: readonly (readonly number[])[], theta: number): number[] {
  return dense.map((row) => {
    let value = 0;
    for (let j = row.length - 1; j >= 0; j--) value = (value + row[j]) * theta;
    return value;
  });
}

/** The built-in tableau of a method name or a user tableau, validated. */
export function resolveMethod(method: MethodName | ButcherTableau): ValidTableau {
  if (typeof method === 'string') {
    if (!Object.hasOwn(TABLEAUX, method)) {
      throw invalidArgument(`Unknown method "${method}": choose one of ${METHOD_NAMES.join(', ')}, or pass a Butcher tableau {a, b, c}.`);
    }
    return validateTableau(TABLEAUX[method as MethodName]);
  }
  return validateTableau(method);
}

function checkWeights(weights: readonly number[], label: string, s: number, fail: (what: string) => Error): void {
  if (!Array.isArray(weights) || weights.length !== s) {
    throw fail(`${label} must have one weight per stage (${s}), got ${Array.isArray(weights) ? weights.length : String(weights)}.`);
  }
  weights.forEach((value, i) => {
    if (!Number.isFinite(value)) throw fail(`${label}[${i}] must be a finite number, got ${String(value)}.`);
  });
  const sum = weights.reduce((total, x) => total + x, 0);
  if (Math.abs(sum - 1) > CONSISTENCY_TOLERANCE) throw fail(`the weights ${label} must sum to 1 (consistency), they sum to ${sum}.`);
}

function checkOrder(order: number | undefined, label: string, fail: (what: string) => Error): number | undefined {
  if (order === undefined) return undefined;
  if (!Number.isInteger(order) || order < 1) throw fail(`${label} must be a positive integer, got ${String(order)}.`);
  return order;
}

function checkDense(
  dense: readonly (readonly number[])[],
  b: readonly number[],
  fail: (what: string) => Error,
): readonly (readonly number[])[] {
  if (!Array.isArray(dense) || dense.length !== b.length) {
    throw fail(`dense must have one row per stage (${b.length}), got ${Array.isArray(dense) ? dense.length : String(dense)}.`);
  }
  const degree = Array.isArray(dense[0]) ? dense[0].length : 0;
  dense.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== degree || degree === 0) {
      throw fail(`dense rows must all have the same non-zero length (${degree}); row ${i} does not.`);
    }
    if (!row.every(Number.isFinite)) throw fail(`dense row ${i} has a non-finite coefficient.`);
    const atOne = row.reduce((sum, x) => sum + x, 0);
    if (Math.abs(atOne - b[i]) > CONSISTENCY_TOLERANCE) {
      throw fail(`dense row ${i} must sum to b[${i}] = ${b[i]} (the extension ends at the step's solution), it sums to ${atOne}.`);
    }
  });
  return dense;
}
