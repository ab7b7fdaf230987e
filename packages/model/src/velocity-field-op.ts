import * as tf from '@tensorflow/tfjs-core';
import { flattenVelocityFieldSaved, packedVelocityDerivative, rebuildVelocityFieldSaved, velocityFieldForward } from './velocity-field';
import { velocityFieldGradient } from './velocity-field-gradient';
import { flattenVelocityFieldInputs, type VelocityFieldParameters } from './velocity-field-parameters';

/**
 * The velocity network's packed right-hand side at time t on Y = [x | ℓ | L | R] (n × (d+3)), returning
 * Y′ = [v | div v | ½‖v‖² | 0], as one tfjs op with a hand-derived gradient (tf.customGrad): under a gradient tape it
 * records Y, the opening bias b0 + t·K0ᵗ and the weights, and its gradient reverses the evaluation with
 * {@link velocityFieldGradient}.
 *
 * It stores the forward's intermediates (u_i, g_i, q_i, J_i, P_i and v) rather than recomputing them: the autodiff
 * path keeps all of these (and more) on its tape, so storing costs no memory over it, while recomputing would repeat
 * the O(n·d·m²) Jacobian products that dominate an evaluation.
 */
export function evaluateVelocityField(parameters: VelocityFieldParameters, state: tf.Tensor2D, t: number): tf.Tensor2D {
  const { shape } = parameters;
  const openingBias = parameters.openingBiasAt(t);
  const weights = parameters.inputList();
  const parameterList = [...weights, ...parameters.reverseList()];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [y, bias] = args as [tf.Tensor2D, tf.Tensor1D];
    const forward = velocityFieldForward(parameters, y, bias);
    save([y, ...parameterList, ...flattenVelocityFieldSaved(forward)]);
    return {
      value: packedVelocityDerivative(parameters, forward),
      // tfjs runs a custom gradient outside any per-node tidy: scope it, or every evaluation's intermediates would
      // live until the whole backward pass ends.
      gradFunc: (cotangent: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const savedState = saved[0] as tf.Tensor2D;
          const { inputs, reverse } = parameters.fromLists(saved, 1);
          const savedForward = rebuildVelocityFieldSaved(saved.slice(1 + parameterList.length), shape.layers);
          const gradients = velocityFieldGradient(shape, inputs, reverse, savedState, savedForward, cotangent as tf.Tensor2D);
          return [gradients.state, gradients.openingBias, ...flattenVelocityFieldInputs(gradients.inputs)];
        }),
    };
  });
  return op(state, openingBias, ...weights) as tf.Tensor2D;
}
