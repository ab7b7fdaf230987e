import * as tf from '@tensorflow/tfjs-core';
import { isPreparedPotential, isVelocityNetwork, preparePotential, type FlowSource } from '@otflow/model';
import { sampleCosts, type ObjectiveOptions } from './objective';
import { resolveAlph } from './objective-weights';

/** numerics §5's means over a whole data set, as numbers. */
export interface MeanCosts {
  objective: number;
  transportCost: number;
  nll: number;
  hjb: number;
  /** Number of points averaged over. */
  count: number;
}

export interface BatchedCostOptions extends ObjectiveOptions {
  /** Rows evaluated per pass (bounds memory). Default 4096. */
  batchSize?: number;
}

/**
 * Means of C, L, R and J over every row of `x`, evaluated `batchSize` rows at a time (validation and test sets
 * can be much larger than a training batch). No gradients are recorded; sums accumulate in float64.
 */
export function batchedMeanCosts(model: FlowSource, x: tf.Tensor2D, options: BatchedCostOptions): MeanCosts {
  const alph = resolveAlph(options.alph);
  const batchSize = options.batchSize ?? 4096;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive integer, got ${String(batchSize)}.`);
  }
  const n = x.shape[0];
  if (x.rank !== 2 || n === 0) throw new Error(`x must be a non-empty n × d matrix, got shape [${x.shape.join(', ')}].`);
  // Prepare a potential's weights once for every batch.
  const preparedHere = isVelocityNetwork(model) || isPreparedPotential(model) ? null : preparePotential(model);
  const source = preparedHere ?? model;
  const sums = { transportCost: 0, nll: 0, hjb: 0 };
  try {
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start);
      const batchSums = tf.tidy(() => {
        const batch = tf.slice(x, [start, 0], [rows, x.shape[1]]);
        const costs = sampleCosts(source, batch, { nt: options.nt, alph });
        return tf.stack([tf.sum(costs.transportCost), tf.sum(costs.nll), tf.sum(costs.hjb)]);
      });
      const [transportCost, nll, hjb] = batchSums.dataSync();
      batchSums.dispose();
      sums.transportCost += transportCost;
      sums.nll += nll;
      sums.hjb += hjb;
    }
  } finally {
    preparedHere?.dispose();
  }
  const transportCost = sums.transportCost / n;
  const nll = sums.nll / n;
  const hjb = sums.hjb / n;
  return { objective: alph[0] * transportCost + alph[1] * nll + alph[2] * hjb, transportCost, nll, hjb, count: n };
}
