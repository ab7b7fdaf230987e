import * as tf from '@tensorflow/tfjs-core';
import { jacobianSweep, resnetSweep, type JacobianSweep, type ResNetSweep, type SweepWeights } from './velocity-divergence';
import type { VelocityFieldParameters } from './velocity-field-parameters';

/** One evaluation's forward quantities: the ResNet's states and activations, v, the Jacobians and div v. */
export type VelocityFieldIntermediates = ResNetSweep & JacobianSweep;

/** What the packed field's forward pass multiplies with. */
export type VelocityFieldForwardWeights = SweepWeights & {
  /** W0 = [K0ˣᵀ; 0], (d+3) × m. */
  readonly openingWeightPadded: tf.Tensor2D;
};

/**
 * The velocity network's forward pass on the packed state Y = [x | ℓ | L | R] (n × (d+3)): a0 = Y·W0 + openingBias
 * (W0 = [K0ˣᵀ; 0], openingBias = b0 + t·K0ᵗ), then the same sweeps as {@link velocityAndDivergence}.
 */
export function velocityFieldForward(weights: VelocityFieldForwardWeights, state: tf.Tensor2D, openingBias: tf.Tensor1D): VelocityFieldIntermediates {
  const resnet = resnetSweep(weights, tf.add(tf.matMul(state, weights.openingWeightPadded), openingBias) as tf.Tensor2D);
  return { ...resnet, ...jacobianSweep(weights, resnet.activations) };
}

/** Y′ = [v | div v | ½‖v‖² | 0], placed into its columns by tiny matMuls with constant selectors. */
export function packedVelocityDerivative(parameters: VelocityFieldParameters, forward: VelocityFieldIntermediates): tf.Tensor2D {
  return tf.addN([
    tf.matMul(forward.velocity, parameters.placeVelocity),
    tf.matMul(forward.divergence, parameters.placeDivergence),
    tf.matMul(tf.square(forward.velocity), parameters.placeTransport),
  ]) as tf.Tensor2D;
}

/** What the reverse pass reads of an evaluation, as a flat list (to save it on the gradient tape), and back. */
export type VelocityFieldSaved = Omit<VelocityFieldIntermediates, 'divergence'>;

export function flattenVelocityFieldSaved(forward: VelocityFieldSaved): tf.Tensor[] {
  const { states, activations, slopes, jacobians, products, velocity } = forward;
  return [...states, ...activations, ...slopes, ...jacobians, ...products, velocity];
}

export function rebuildVelocityFieldSaved(list: readonly tf.Tensor[], layers: number): VelocityFieldSaved {
  let next = 0;
  const take = <T extends tf.Tensor>(count: number) => list.slice(next, (next += count)) as T[];
  const states = take<tf.Tensor2D>(layers + 1);
  const activations = take<tf.Tensor2D>(layers + 1);
  const slopes = take<tf.Tensor2D>(layers + 1);
  const jacobians = take<tf.Tensor3D>(layers + 1);
  const products = take<tf.Tensor3D>(layers);
  const [velocity] = take<tf.Tensor2D>(1);
  return { states, activations, slopes, jacobians, products, velocity };
}
