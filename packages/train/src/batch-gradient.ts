import * as tf from '@tensorflow/tfjs-core';
import { otFlowObjective, type ObjectiveOptions } from '@otflow/loss';
import type { FlowModel } from '@otflow/model';

/** numerics §5's batch objective J and its costs with J's gradient, as one step of training needs them. */
export interface BatchGradient {
  /** [J, L, C, R]: the objective and the mean transport cost, negative log-likelihood and HJB residual. */
  terms: [objective: number, transportCost: number, nll: number, hjb: number];
  /** ∂J/∂θ for each of the model's trainable variables, in their order; the caller frees them. */
  gradients: tf.Tensor[];
}

/** J over the batch `x` and its gradient with respect to the model's trainable variables. */
export function batchGradient(model: FlowModel, x: tf.Tensor2D, options: ObjectiveOptions): BatchGradient {
  const variables = model.trainableVariables();
  let costs: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const objective = otFlowObjective(model, x, options);
    costs = [objective.transportCost, objective.nll, objective.hjb].map((t) => tf.keep(t));
    return objective.objective;
  }, variables);
  const stacked = tf.stack([value, ...costs]);
  const [objective, transportCost, nll, hjb] = stacked.dataSync();
  tf.dispose([stacked, value, ...costs]);
  return { terms: [objective, transportCost, nll, hjb], gradients: variables.map((v) => grads[v.name]) };
}
