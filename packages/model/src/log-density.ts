import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * numerics §4's change of variables: log ρ0(x) = −(d/2) log 2π − ½‖z(1)‖² + ℓ(1), from the end point z (n × d) of the
 * forward flow and its accumulated log-determinant ℓ (n × 1 or n). Returns a length-n tensor.
 */
export function flowLogDensity(z: tf.Tensor2D, logDet: tf.Tensor): tf.Tensor1D {
  const [n, d] = z.shape;
  if (logDet.size !== n) {
    throw new Error(`logDet must hold one value per row of z (${n}), got shape [${logDet.shape.join(', ')}].`);
  }
  return tf.tidy(() => {
    // Last-axis sum: wasm's fast reduction.
    const squaredNorm = tf.sum(tf.square(z), 1);
    return tf.sub(tf.reshape(logDet, [n]), tf.add(tf.mul(squaredNorm, 0.5), d * HALF_LOG_TWO_PI)) as tf.Tensor1D;
  });
}
