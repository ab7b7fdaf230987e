import * as tf from '@tensorflow/tfjs-core';

/** The values of `tensors`, one after another in one array: how weights and gradients cross between threads. */
export function packValues(tensors: readonly tf.Tensor[]): Float32Array {
  const packed = new Float32Array(tensors.reduce((size, t) => size + t.size, 0));
  let offset = 0;
  for (const tensor of tensors) {
    packed.set(tensor.dataSync() as Float32Array, offset);
    offset += tensor.size;
  }
  return packed;
}

/** Tensors shaped like `like`, read back from {@link packValues}'s layout; the caller owns them. */
export function unpackValues(packed: Float32Array, like: readonly tf.Tensor[]): tf.Tensor[] {
  let offset = 0;
  return like.map((tensor) => {
    const values = packed.subarray(offset, offset + tensor.size);
    offset += tensor.size;
    return tf.tensor(values, tensor.shape, 'float32');
  });
}

/** Assigns {@link packValues}'s layout to `variables`. */
export function assignPacked(variables: readonly tf.Variable[], packed: Float32Array): void {
  tf.tidy(() => unpackValues(packed, variables).forEach((value, i) => variables[i].assign(value)));
}
