import * as tf from '@tensorflow/tfjs-core';
import { flowLogDensity, type DynamicsGradient, type FlowSource } from '@otflow/model';
import { integrateAugmentedFlow } from './augmented-flow';
import { resolveAlph, type Alph } from './objective-weights';

export interface ObjectiveOptions {
  /** Number of RK4 steps on [0, 1]. */
  nt: number;
  /** [α_L, α_C, α_R], numerics §5. */
  alph: readonly number[];
  /** How gradients flow through the field evaluations: `custom` (default) or `autodiff`; see integrateAugmentedFlow. */
  gradient?: DynamicsGradient;
}

/** numerics §5's batch objective and its three costs, as scalars (batch means). A type alias, so it is a tf.TensorContainer. */
export type ObjectiveTerms = {
  /** J = α_L·L + α_C·C + α_R·R. */
  objective: tf.Scalar;
  /** Mean transport cost L(1). */
  transportCost: tf.Scalar;
  /** Mean negative log-likelihood C, in nats. */
  nll: tf.Scalar;
  /** Mean HJB residual R(1); 0 for a velocity network. */
  hjb: tf.Scalar;
};

/** numerics §5's costs per sample (each of length n) and the terminal point z(1). */
export type SampleCosts = {
  z: tf.Tensor2D;
  logDet: tf.Tensor1D;
  transportCost: tf.Tensor1D;
  nll: tf.Tensor1D;
  hjb: tf.Tensor1D;
};

/**
 * Per-sample costs of moving `x` (n × d, data → normal): C = (d/2) log 2π + ½‖z(1)‖² − ℓ(1), L(1) and R(1).
 * The caller owns the returned tensors.
 */
export function sampleCosts(model: FlowSource, x: tf.Tensor2D, options: ObjectiveOptions): SampleCosts {
  const alph = resolveAlph(options.alph);
  return tf.tidy(() => {
    const end = integrateAugmentedFlow(model, x, { nt: options.nt, alphaL: alph[0], gradient: options.gradient });
    const column = (t: tf.Tensor2D) => tf.reshape(t, [-1]) as tf.Tensor1D;
    return {
      z: end.x,
      logDet: column(end.logDet),
      transportCost: column(end.transport),
      nll: tf.neg(flowLogDensity(end.x, end.logDet)) as tf.Tensor1D,
      hjb: column(end.hjb),
    };
  });
}

/**
 * numerics §5's objective J = α_L·mean L + α_C·mean C + α_R·mean R over the batch `x`, and its terms. Call it inside
 * `tf.variableGrads` (or `tf.grad`) to train: gradients flow through RK4 and the exact derivatives of Φ. For a
 * velocity network R = 0, so J is the analysis' objective (numerics §6) with α = α_C/α_L.
 */
export function otFlowObjective(model: FlowSource, x: tf.Tensor2D, options: ObjectiveOptions): ObjectiveTerms {
  const alph: Alph = resolveAlph(options.alph);
  return tf.tidy(() => {
    const costs = sampleCosts(model, x, { nt: options.nt, alph, gradient: options.gradient });
    const transportCost = tf.mean(costs.transportCost) as tf.Scalar;
    const nll = tf.mean(costs.nll) as tf.Scalar;
    const hjb = tf.mean(costs.hjb) as tf.Scalar;
    const objective = tf.addN([tf.mul(transportCost, alph[0]), tf.mul(nll, alph[1]), tf.mul(hjb, alph[2])]) as tf.Scalar;
    return { objective, transportCost, nll, hjb };
  });
}
