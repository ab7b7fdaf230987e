/** Test problems with known solutions, written for the Float64Array path (f fills `out`). */
export interface ArrayProblem {
  readonly name: string;
  readonly y0: readonly number[];
  readonly f: (t: number, y: Float64Array, out: Float64Array) => Float64Array;
  readonly exact: (t: number) => number[];
}

export const decay: ArrayProblem = {
  name: 'linear decay',
  y0: [1],
  f: (_t, y, out) => {
    out[0] = -y[0];
    return out;
  },
  exact: (t) => [Math.exp(-t)],
};

export const oscillator: ArrayProblem = {
  name: 'harmonic oscillator',
  y0: [1, 0],
  f: (_t, y, out) => {
    out[0] = y[1];
    out[1] = -y[0];
    return out;
  },
  exact: (t) => [Math.cos(t), -Math.sin(t)],
};

export const logistic: ArrayProblem = {
  name: 'logistic',
  y0: [0.1],
  f: (_t, y, out) => {
    out[0] = y[0] * (1 - y[0]);
    return out;
  },
  exact: (t) => [1 / (1 + 9 * Math.exp(-t))],
};

export const PROBLEMS = [decay, oscillator, logistic] as const;

/** Largest absolute difference between a computed state and the exact one. */
export function maxError(y: ArrayLike<number>, exact: readonly number[]): number {
  return exact.reduce((worst, value, i) => Math.max(worst, Math.abs(y[i] - value)), 0);
}

/** Least-squares slope of log(error) against log(step size): the observed order of convergence. */
export function observedOrder(stepSizes: readonly number[], errors: readonly number[]): number {
  const xs = stepSizes.map(Math.log);
  const ys = errors.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) * (x - mx);
  });
  return num / den;
}
