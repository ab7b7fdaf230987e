import * as tf from '@tensorflow/tfjs-core';

/**
 * a·b + bias (bias broadcast over rows). Deliberately not tf.fused.matMul: under a gradient tape its custom gradient
 * trips tfjs's per-kernel leak check on wasm when IS_TEST is set (a false positive that throws), and the separate
 * add costs little.
 */
export function affine(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(a, b), bias) as tf.Tensor2D;
}
