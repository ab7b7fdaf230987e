import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import type { DynamicsOptions } from '../src/augmented-dynamics';
import { createFlowDynamics } from '../src/flow-dynamics';
import type { FlowModel } from '../src/flow-model';

/** A rows × columns matrix of standard normal draws from `new Random(seed)`. */
export function randomMatrix(rows: number, columns: number, seed: string): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(new Random(seed).normalArray(rows * columns)), [rows, columns]);
}

/**
 * The packed field f(t, Y) of `model` and the gradient of ⟨cotangent, f(t, Y)⟩ with respect to every trainable weight
 * (in trainableVariables() order) and then the state Y: what a field's hand-derived gradient is compared on.
 */
export function vectorJacobianProduct(model: FlowModel, state: tf.Variable, cotangent: tf.Tensor2D, t: number, options: DynamicsOptions) {
  const variables = [...model.trainableVariables(), state];
  let output: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const dynamics = createFlowDynamics(model, options);
    const derivative = dynamics(t, state as unknown as tf.Tensor2D);
    output = Array.from(derivative.dataSync());
    return tf.sum(tf.mul(derivative, cotangent)) as tf.Scalar;
  }, variables);
  const result = { output, gradients: variables.map((variable) => Array.from(grads[variable.name].dataSync())) };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

/** max |a − b| over max |b|: the error relative to the gradient's scale (float32 accuracy is ~1e-7 here). */
export function relativeError(actual: number[], expected: number[]): number {
  let difference = 0;
  let scale = 0;
  expected.forEach((value, i) => {
    difference = Math.max(difference, Math.abs(actual[i] - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return difference / Math.max(scale, 1e-30);
}
