import * as tf from '@tensorflow/tfjs-core';
import { STORE_LIMIT_BYTES, type FieldCheckpointing } from './augmented-field-op';
import { flattenVelocityFieldSaved, packedVelocityDerivative, rebuildVelocityFieldSaved, velocityFieldForward } from './velocity-field';
import { velocityFieldGradient } from './velocity-field-gradient';
import { flattenVelocityFieldInputs, type VelocityFieldParameters, type VelocityFieldShape } from './velocity-field-parameters';

/**
 * Bytes of the intermediates the gradient reads, for `rows` samples: u_i, g_i, tanh′(a_i) (n × m each, i = 0..M),
 * J_i (n × d × m, i = 0..M), P_i (n × d × m, i = 1..M) and v (n × d).
 */
function intermediateBytes(shape: VelocityFieldShape, rows: number): number {
  const { d, m, layers } = shape;
  return 4 * rows * (3 * (layers + 1) * m + (2 * layers + 1) * d * m + d);
}

/**
 * The velocity network's packed right-hand side at time t on Y = [x | ℓ | L | R] (n × (d+3)), returning
 * Y′ = [v | div v | ½‖v‖² | 0], as one tfjs op with a hand-derived gradient (tf.customGrad): under a gradient tape it
 * records Y, the opening bias b0 + t·K0ᵗ and the weights, and its gradient reverses the evaluation with
 * {@link velocityFieldGradient}.
 *
 * `checkpointing` says what else the tape keeps, as for the potential's field. `store`: the forward's intermediates
 * (u_i, g_i, q_i, J_i, P_i and v), as autodiff would, so the gradient redoes nothing. `recompute`: only the inputs and
 * the weights' layouts; the gradient repeats the forward pass (one more O(n·d·m²) sweep) and the tape shrinks to about
 * d + 3 numbers per sample and evaluation, which is what lets large batches fit. `auto` (the default): store while the
 * intermediates take at most {@link STORE_LIMIT_BYTES} per evaluation, else recompute.
 */
export function evaluateVelocityField(
  parameters: VelocityFieldParameters,
  state: tf.Tensor2D,
  t: number,
  checkpointing: FieldCheckpointing = 'auto',
): tf.Tensor2D {
  const { shape } = parameters;
  const store = checkpointing === 'store' || (checkpointing === 'auto' && intermediateBytes(shape, state.shape[0]) <= STORE_LIMIT_BYTES);
  const openingBias = parameters.openingBiasAt(t);
  const weights = parameters.inputList();
  const parameterList = [...weights, ...parameters.reverseList()];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [y, bias] = args as [tf.Tensor2D, tf.Tensor1D];
    const forward = velocityFieldForward(parameters.forwardWeights(), y, bias);
    save([y, bias, ...parameterList, ...(store ? flattenVelocityFieldSaved(forward) : parameters.forwardLayoutList())]);
    return {
      value: packedVelocityDerivative(parameters, forward),
      // tfjs runs a custom gradient outside any per-node tidy: scope it, or every evaluation's intermediates would
      // live until the whole backward pass ends.
      gradFunc: (cotangent: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [savedState, savedBias] = saved as [tf.Tensor2D, tf.Tensor1D];
          const { inputs, reverse } = parameters.fromLists(saved, 2);
          const rest = 2 + parameterList.length;
          const savedForward = store
            ? rebuildVelocityFieldSaved(saved.slice(rest), shape.layers)
            : velocityFieldForward(parameters.forwardWeightsFromLists(saved, 2, rest), savedState, savedBias);
          const gradients = velocityFieldGradient(shape, inputs, reverse, savedState, savedForward, cotangent as tf.Tensor2D);
          return [gradients.state, gradients.openingBias, ...flattenVelocityFieldInputs(gradients.inputs)];
        }),
    };
  });
  return op(state, openingBias, ...weights) as tf.Tensor2D;
}
