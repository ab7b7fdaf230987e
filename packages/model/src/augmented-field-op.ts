import * as tf from '@tensorflow/tfjs-core';
import {
  augmentedFieldDerivative,
  fieldNetwork,
  flattenNetworkIntermediates,
  flattenTraceIntermediates,
  networkIntermediateCount,
  rebuildNetworkIntermediates,
  rebuildTraceIntermediates,
  traceProducts,
  type FieldTimeInputs,
} from './augmented-field';
import { augmentedFieldGradient } from './augmented-field-gradient';
import { flattenFieldInputs, type FieldParameters, type FieldShape } from './field-parameters';

/**
 * What one field evaluation keeps for its gradient. `recompute`: only its inputs; the gradient recomputes the rest
 * (checkpointing, least memory). `store`: also every intermediate the gradient reads (the network's n × m tensors and
 * the trace's d·M products of n × m), so it recomputes nothing. `auto`: store when that is at most
 * {@link STORE_LIMIT_BYTES} per evaluation (the 2-D settings), else recompute (the tabular ones, whose trace products
 * dominate both the memory and the time, and whose network part is cheap to redo).
 */
export type FieldCheckpointing = 'auto' | 'recompute' | 'store';

export const FIELD_CHECKPOINTINGS: readonly FieldCheckpointing[] = ['auto', 'recompute', 'store'];

/** 24 MiB per evaluation: at most 768 MiB for the 32 evaluations of nt = 8 (2-D data up to 10,000 samples). */
export const STORE_LIMIT_BYTES = 24 * 2 ** 20;

/** Bytes of every intermediate the gradient reads, for `rows` samples. */
function intermediateBytes(shape: FieldShape, rows: number): number {
  const { d, m, layers } = shape;
  const network = m * (6 * layers + 4) + 2 * (d + 1) + 1;
  const trace = m * (layers * d + layers + (layers >= 2 ? layers * d : 0));
  return 4 * rows * (network + trace);
}

/** Per-time biases b0 + t·K0ᵗ and b + t·(AᵀA)_{t,·}, recorded by autodiff so that their gradients reach b0, K0, b, A. */
function timeInputs(parameters: FieldParameters, t: number): FieldTimeInputs {
  return {
    openingBias: tf.add(parameters.openingBias, tf.mul(parameters.openingTimeWeight, t)) as tf.Tensor1D,
    gradientBias: tf.add(parameters.gradientBias, tf.mul(parameters.quadraticTimeRow, t)) as tf.Tensor1D,
  };
}

/**
 * numerics §4's right-hand side at time t on the packed state Y = [x | ℓ | L | R] (n × (d+3)), as one tfjs op with a
 * hand-derived gradient (tf.customGrad): under a gradient tape it records Y, the time biases and the weights (and,
 * when storing, its intermediates); its gradient recomputes the rest and reverses the evaluation
 * with {@link augmentedFieldGradient}. Returns Y′ = [x′ | ℓ′ | L′ | R′].
 */
export function evaluateAugmentedField(
  parameters: FieldParameters,
  state: tf.Tensor2D,
  t: number,
  checkpointing: FieldCheckpointing = 'auto',
): tf.Tensor2D {
  const { shape, inputs, helpers } = parameters;
  const store = checkpointing === 'store' || (checkpointing === 'auto' && intermediateBytes(shape, state.shape[0]) <= STORE_LIMIT_BYTES);
  const time = timeInputs(parameters, t);
  const weights = parameters.inputList();
  const parameterList = [...weights, ...parameters.helperList()];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [y, openingBias, gradientBias] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const network = fieldNetwork(shape, inputs, helpers, y, { openingBias, gradientBias });
    const trace = traceProducts(shape, helpers, network.slopes);
    const derivative = augmentedFieldDerivative(inputs, helpers, network, trace);
    const kept = store ? [...flattenNetworkIntermediates(network), ...flattenTraceIntermediates(trace)] : [];
    save([y, openingBias, gradientBias, ...parameterList, ...kept]);
    return {
      value: derivative,
      // tfjs runs a custom gradient outside any per-node tidy: scope it, or every evaluation's intermediates would
      // live until the whole backward pass ends.
      gradFunc: (cotangent: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [savedState, savedOpeningBias, savedGradientBias] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
          const copies = parameters.fromLists(saved, 3);
          const rest = saved.slice(3 + parameterList.length);
          const savedNetwork = store
            ? rebuildNetworkIntermediates(rest, shape.layers)
            : fieldNetwork(shape, copies.inputs, copies.helpers, savedState, { openingBias: savedOpeningBias, gradientBias: savedGradientBias });
          const savedTrace = store
            ? rebuildTraceIntermediates(rest.slice(networkIntermediateCount(shape.layers)), shape.layers, shape.d)
            : traceProducts(shape, copies.helpers, savedNetwork.slopes);
          const gradients = augmentedFieldGradient(shape, copies.inputs, copies.helpers, savedState, savedNetwork, savedTrace, cotangent as tf.Tensor2D);
          return [gradients.state, gradients.time.openingBias, gradients.time.gradientBias, ...flattenFieldInputs(gradients.inputs)];
        }),
    };
  });
  return op(state, time.openingBias, time.gradientBias, ...weights) as tf.Tensor2D;
}
