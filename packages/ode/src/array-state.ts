import { invalidArgument } from './errors';
import type { StateAlgebra } from './state-algebra';

/**
 * A derivative on a plain Float64Array state. `out` is a preallocated buffer of y's length that f may fill and
 * return (no allocation per call); returning any other Float64Array of that length works too. Do not keep `y`
 * or `out`: the solver reuses both.
 */
export type ArrayDerivative = (t: number, y: Float64Array, out: Float64Array) => Float64Array;

/** Float64 arithmetic on one Float64Array, writing into preallocated buffers. */
export class ArrayStateAlgebra implements StateAlgebra<Float64Array, Float64Array> {
  readonly sharesStates = false;
  readonly size: number;

  constructor(
    private readonly f: ArrayDerivative,
    readonly initial: Float64Array,
  ) {
    if (typeof f !== 'function') throw invalidArgument(`f must be a function (t, y, out) => dy/dt, got ${describe(f)}.`);
    if (!(initial instanceof Float64Array)) {
      throw invalidArgument(
        `y0 must be a Float64Array (@otflow/ode/array integrates Float64Array states; import @otflow/ode for tensors), got ${describe(initial)}.`,
      );
    }
    this.size = initial.length;
  }

  workspace(): Float64Array {
    return new Float64Array(this.size);
  }

  evaluate(t: number, y: Float64Array, out: Float64Array | undefined): Float64Array {
    const target = out ?? new Float64Array(this.size);
    const result = this.f(t, y, target);
    if (!(result instanceof Float64Array)) {
      throw invalidArgument(`f(t=${t}) must return a Float64Array (the derivative), got ${describe(result)}.`);
    }
    if (result.length !== this.size) {
      throw invalidArgument(`f(t=${t}) returned a Float64Array of length ${result.length}; the state has length ${this.size}.`);
    }
    if (result !== target) target.set(result);
    return target;
  }

  combine(
    out: Float64Array | undefined,
    base: Float64Array | undefined,
    h: number,
    coeffs: readonly number[],
    ks: readonly Float64Array[],
  ): Float64Array {
    const target = out ?? new Float64Array(this.size);
    const n = this.size;
    if (base === undefined) target.fill(0);
    else if (base !== target) target.set(base);
    // One pass per non-zero coefficient keeps the inner loop a plain axpy over contiguous memory.
    for (let j = 0; j < ks.length; j++) {
      if (coeffs[j] === 0) continue;
      const weight = h * coeffs[j];
      const k = ks[j];
      for (let i = 0; i < n; i++) target[i] += weight * k[i];
    }
    return target;
  }

  weightedRms(v: Float64Array, refA: Float64Array, refB: Float64Array, rtol: number, atol: number): number {
    const n = this.size;
    if (n === 0) return 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const ratio = v[i] / (atol + rtol * Math.max(Math.abs(refA[i]), Math.abs(refB[i])));
      sum += ratio * ratio;
    }
    return Math.sqrt(sum / n);
  }

  allFinite(y: Float64Array): boolean {
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return false;
    return true;
  }

  copy(y: Float64Array): Float64Array {
    return y.slice();
  }

  own(y: Float64Array): Float64Array {
    return y;
  }

  dispose(): void {}

  scope<T>(fn: () => T): T {
    return fn();
  }

  toUser(y: Float64Array): Float64Array {
    return y;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value === 'function' ? 'a function' : `${typeof value} ${String(value)}`;
}
