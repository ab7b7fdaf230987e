import type * as tf from '@tensorflow/tfjs-core';
import { isPreparedPotential, PreparedPotential } from './prepared-potential';
import type { PotentialTensors } from './potential-tensors';

/** What the evaluation functions accept: prepared weights (cheapest when called repeatedly) or the weights. */
export type PotentialSource = PreparedPotential | PotentialTensors;

/** Prepares `source` unless it already is; call inside a tf.tidy, which frees a preparation made here. */
export function asPrepared(source: PotentialSource): PreparedPotential {
  return isPreparedPotential(source) ? source : new PreparedPotential(source);
}

/** Validates a batch of points: rank 2, float32, `columns` columns. */
export function checkBatch(points: tf.Tensor, columns: number, name: string, meaning: string): void {
  if (points.rank !== 2 || points.shape[1] !== columns) {
    throw new Error(
      `${name} must be n × ${columns} (${meaning}, one sample per row), got shape [${points.shape.join(', ')}].`,
    );
  }
  if (points.dtype !== 'float32') throw new Error(`${name} must be float32, got ${points.dtype}.`);
}

export function checkTime(t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new Error(`t must be a finite number, got ${String(t)}.`);
}
