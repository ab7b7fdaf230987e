import * as tf from '@tensorflow/tfjs-core';
import { batchedMeanCosts, type MeanCosts } from '@otflow/loss';
import { createFlowModel, type FlowModel } from '@otflow/model';
import { batchGradient } from './batch-gradient';
import type { GradientRequest, GradientWorkerInit, ShardGradient } from './gradient-messages';
import { assignPacked, packValues } from './packed-values';

/** A gradient worker's state: its copy of the model, its shard of the current batch and of the validation set. */
export class GradientShard {
  private readonly model: FlowModel;
  private batch: tf.Tensor2D | null = null;
  private validation: tf.Tensor2D | null = null;

  constructor(private readonly init: GradientWorkerInit) {
    this.model = createFlowModel(init.modelKind, { ...init.config });
    this.model.setWeights(init.weights);
  }

  handle(request: GradientRequest): ShardGradient | MeanCosts | number | null {
    switch (request.kind) {
      case 'validation-set':
        this.validation?.dispose();
        this.validation = tf.tensor2d(request.data, [request.rows, this.init.config.d]);
        return null;
      case 'gradient':
        return this.gradient(request.weights, request.batch);
      case 'validate':
        if (this.validation === null) throw new Error('This worker has no validation rows: it was asked to validate before it got them.');
        assignPacked(this.model.trainableVariables(), request.weights);
        return batchedMeanCosts(this.model, this.validation, {
          nt: this.init.ntVal,
          alph: this.init.alph,
          batchSize: this.init.validationBatchSize,
        });
      case 'tensor-count':
        return tf.memory().numTensors;
      default:
        throw new Error(`Unknown gradient-worker request ${JSON.stringify((request as { kind?: unknown }).kind)}.`);
    }
  }

  private gradient(weights: Float32Array, batch: { data: Float32Array; rows: number } | undefined): ShardGradient {
    if (batch !== undefined) {
      this.batch?.dispose();
      this.batch = tf.tensor2d(batch.data, [batch.rows, this.init.config.d]);
    }
    if (this.batch === null) throw new Error('This worker has no batch: it was asked for a gradient before it got one.');
    assignPacked(this.model.trainableVariables(), weights);
    const { terms, gradients } = batchGradient(this.model, this.batch, { nt: this.init.nt, alph: this.init.alph });
    const packed = packValues(gradients);
    tf.dispose(gradients);
    return { terms, gradients: packed };
  }
}
