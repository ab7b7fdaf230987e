import * as tf from '@tensorflow/tfjs-core';

/**
 * (f(w + h·e_i) − f(w − h·e_i)) / 2h for entry `index` of `variable`, restoring the entry afterwards: the reference
 * that parameter gradients are checked against.
 */
export function centralDifference(variable: tf.Variable, index: number, h: number, valueAt: () => number): number {
  const original = variable.dataSync()[index];
  const setEntry = (value: number) =>
    tf.tidy(() => {
      const values = Float32Array.from(variable.dataSync());
      values[index] = value;
      variable.assign(tf.tensor(values, variable.shape, 'float32'));
    });
  setEntry(original + h);
  const plus = valueAt();
  setEntry(original - h);
  const minus = valueAt();
  setEntry(original);
  return (plus - minus) / (2 * h);
}
