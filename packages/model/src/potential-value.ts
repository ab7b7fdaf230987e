import * as tf from '@tensorflow/tfjs-core';
import { affine } from './affine';
import { asPrepared, checkBatch, type PotentialSource } from './evaluation-input';
import { forwardSweep } from './forward-sweep';

/** Φ(s) = wᵀN(s) + ½sᵀ(AᵀA)s + bᵀs + c (numerics §2) at the points s (n × (d+1), time last); returns length n. */
export function potentialValue(source: PotentialSource, s: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const prepared = asPrepared(source);
    checkBatch(s, prepared.config.d + 1, 's', 'points (x, t)');
    const openingPreactivation = affine(s, prepared.openingWeightT, prepared.openingBias);
    const network = forwardSweep(prepared, openingPreactivation, true).output as tf.Tensor2D;
    const quadratic = tf.mul(tf.sum(tf.mul(tf.matMul(s, prepared.quadratic), s), 1, true), 0.5);
    const linear = tf.matMul(s, prepared.bColumn);
    const value = tf.add(tf.add(tf.matMul(network, prepared.wColumn), tf.add(quadratic, linear)), prepared.c);
    return tf.reshape(value, [s.shape[0]]) as tf.Tensor1D;
  });
}
