import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, TensorContainer } from '@tensorflow/tfjs-core';
import { invalidArgument } from './errors';
import type { StateAlgebra } from './state-algebra';
import { buildTree, describeTree, flattenTree, type TensorState, type TreeDef } from './tensor-tree';

/** The type of dy/dt for a state of type S: the same structure, with tensors of any declared rank. */
export type DerivativeOf<S> = S extends Tensor ? Tensor : { [K in keyof S]: DerivativeOf<S[K]> };

/** A derivative on a tensor state: returns dy/dt with the structure and shapes of y. */
export type TensorDerivative<S> = (t: number, y: S) => DerivativeOf<S>;

/**
 * Tensor-tree arithmetic. Internally a state is the list of its leaves; every operation is a tfjs op, so a solve
 * records on the gradient tape like any other tfjs code.
 */
export class TensorStateAlgebra<S extends TensorState> implements StateAlgebra<Tensor[], S> {
  readonly sharesStates = true;
  readonly size: number;
  readonly initial: Tensor[];
  private readonly def: TreeDef;

  constructor(
    private readonly f: TensorDerivative<S>,
    y0: S,
  ) {
    if (typeof f !== 'function') throw invalidArgument(`f must be a function (t, y) => dy/dt, got ${typeof f}.`);
    this.def = describeTree(y0);
    this.initial = flattenTree(this.def, y0, 'y0');
    this.size = this.initial.reduce((total, leaf) => total + leaf.size, 0);
  }

  workspace(): undefined {
    return undefined;
  }

  evaluate(t: number, y: Tensor[]): Tensor[] {
    return flattenTree(this.def, this.f(t, buildTree(this.def, y) as S), `f(t=${t})`);
  }

  combine(_out: undefined, base: Tensor[] | undefined, h: number, coeffs: readonly number[], ks: readonly Tensor[][]): Tensor[] {
    return this.initial.map((leaf, i) => {
      // One addN per leaf over the scaled terms: the fewest kernels for a linear combination in tfjs.
      const terms: Tensor[] = base === undefined ? [] : [base[i]];
      for (let j = 0; j < ks.length; j++) {
        if (coeffs[j] !== 0) terms.push(tf.mul(ks[j][i], h * coeffs[j]));
      }
      if (terms.length === 0) return tf.zerosLike(leaf);
      return terms.length === 1 ? terms[0] : tf.addN(terms);
    });
  }

  weightedRms(v: Tensor[], refA: Tensor[], refB: Tensor[], rtol: number, atol: number): number {
    if (this.size === 0) return 0;
    const sumOfSquares = tf.tidy(() => {
      const sums = v.map((leaf, i) => {
        const magnitude = refA[i] === refB[i] ? tf.abs(refA[i]) : tf.maximum(tf.abs(refA[i]), tf.abs(refB[i]));
        const scale = tf.add(tf.mul(magnitude, rtol), atol);
        return tf.sum(tf.square(tf.div(leaf, scale)));
      });
      return (sums.length === 1 ? sums[0] : tf.addN(sums)).dataSync()[0];
    });
    return Math.sqrt(sumOfSquares / this.size);
  }

  allFinite(y: Tensor[]): boolean {
    // x·0 is 0 for finite x and NaN otherwise, so the sum is finite exactly when every component is, with no
    // risk of the overflow a plain sum of large values would have.
    const probe = tf.tidy(() => {
      const sums = y.map((leaf) => tf.sum(tf.mul(leaf, 0)));
      return (sums.length === 1 ? sums[0] : tf.addN(sums)).dataSync()[0];
    });
    return Number.isFinite(probe);
  }

  copy(y: Tensor[]): Tensor[] {
    return y.map((leaf) => tf.clone(leaf));
  }

  own(y: Tensor[]): Tensor[] {
    // f may return tensors it keeps itself (a constant, or y): a clone is ours to dispose whatever f did.
    return this.copy(y);
  }

  dispose(y: Tensor[]): void {
    for (const leaf of y) leaf.dispose();
  }

  scope<T>(fn: () => T): T {
    return tf.tidy(fn as () => TensorContainer) as T;
  }

  toUser(y: Tensor[]): S {
    return buildTree(this.def, y) as S;
  }
}
