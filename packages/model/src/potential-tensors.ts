import type * as tf from '@tensorflow/tfjs-core';
import type { PotentialConfig } from './potential-config';

/**
 * The weights of Φ(s) = wᵀN(s) + ½sᵀAᵀAs + bᵀs + c as tensors (numerics §2), in PyTorch's out × in layout.
 * {@link Potential} is one (its tensors are variables); plain tensors work too.
 */
export interface PotentialTensors {
  readonly config: PotentialConfig;
  /** K0 (m × (d+1)), then the residual layers' K_i (m × m), i = 1..nTh−1. */
  readonly K: readonly tf.Tensor2D[];
  /** b0, then b_i, each of length m. */
  readonly biases: readonly tf.Tensor1D[];
  /** Output weights, length m. */
  readonly w: tf.Tensor1D;
  /** Quadratic term, r × (d+1). */
  readonly A: tf.Tensor2D;
  /** Linear term, length d+1. */
  readonly b: tf.Tensor1D;
  /** Constant; it never changes the flow. */
  readonly c: tf.Scalar;
}
