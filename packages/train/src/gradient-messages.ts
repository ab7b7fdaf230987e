import type { BackendName } from '@otflow/backend';
import type { FlowModelConfig, FlowModelKind, WeightValues } from '@otflow/model';

/** What a gradient worker starts from: the model as the main thread has it and the objective's settings. */
export interface GradientWorkerInit {
  backend: BackendName;
  modelKind: FlowModelKind;
  config: FlowModelConfig;
  weights: WeightValues;
  alph: readonly number[];
  nt: number;
  ntVal: number;
  /** Rows per pass in validation. */
  validationBatchSize: number;
}

/** Requests a gradient worker answers; `weights` are the trainable variables, packed in the model's order. */
export type GradientRequest =
  /** The worker's shard of the validation set, kept for every later validation. */
  | { kind: 'validation-set'; data: Float32Array; rows: number }
  /** J and its gradient over the worker's shard of the batch; `batch` is sent when a new batch was drawn. */
  | { kind: 'gradient'; weights: Float32Array; batch?: { data: Float32Array; rows: number } }
  /** numerics §5's mean costs over the worker's validation shard. */
  | { kind: 'validate'; weights: Float32Array }
  /** tf.memory().numTensors in the worker, for leak checks. */
  | { kind: 'tensor-count' };

/** A shard's [J, L, C, R] (its own means) and ∂J/∂θ, packed. */
export interface ShardGradient {
  terms: [number, number, number, number];
  gradients: Float32Array;
}
