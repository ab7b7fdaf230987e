import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '@otflow/backend';
import {
  createFlowDynamics,
  createFlowVelocityField,
  preparePotential,
  type FlowDynamics,
  type FlowModel,
  type FlowSource,
  type ModelFileV1,
  type PreparedPotential,
} from '@otflow/model';
import { odeint } from '@otflow/ode';

/**
 * One block of rows for a flow to integrate, in the model's units: the unit of work that a worker thread can take.
 * - `samples`: normals moved by the velocity alone from t = 1 to 0 (numerics §8); the result is rows × d.
 * - `density`: points moved from t0 to t1 with the log-determinant (numerics §4); the result is rows × (d + 1), [x | ℓ].
 * A row's result does not depend on the other rows of its block.
 */
export type FlowBlock =
  | { kind: 'samples'; data: Float32Array; rows: number; nt: number }
  | { kind: 'density'; data: Float32Array; rows: number; t0: number; t1: number; nt: number };

/** What a flow's worker thread starts from: the model (weights only; the calling thread applies the normalization). */
export interface FlowWorkerInit {
  backend: BackendName;
  model: ModelFileV1;
}

/**
 * What a flow's fields evaluate: a potential's prepared weights (its parameter-only work done once, as the weights
 * never change in a flow), or the velocity network itself. `prepared` is what to dispose.
 */
export function flowSource(model: FlowModel): { source: FlowSource; prepared: PreparedPotential | null } {
  const prepared = model.kind === 'potential' ? preparePotential(model) : null;
  return { source: prepared ?? model, prepared };
}

/** Integrates blocks with one flow's fields, made when first needed; free them with {@link BlockIntegrator.dispose}. */
export class BlockIntegrator {
  private velocity: FlowDynamics<tf.Tensor2D> | null = null;
  private dynamics: FlowDynamics<tf.Tensor2D> | null = null;

  constructor(
    private readonly source: FlowSource,
    private readonly d: number,
  ) {}

  integrate(block: FlowBlock): Float32Array {
    const { d } = this;
    const { rows } = block;
    // Made outside the tidy: the fields' prepared tensors outlive this block.
    if (block.kind === 'samples') this.velocity ??= createFlowVelocityField(this.source);
    else this.dynamics ??= createFlowDynamics(this.source);
    const end = tf.tidy(() => {
      const start = tf.tensor2d(block.data, [rows, d]);
      if (block.kind === 'samples') return odeint(this.velocity!, start, { t0: 1, t1: 0, method: 'rk4', steps: block.nt }).y;
      // The packed state [x | ℓ | L | R]; only x and ℓ are read back.
      const initial = tf.concat([start, tf.zeros([rows, 3])], 1) as tf.Tensor2D;
      const final = odeint(this.dynamics!, initial, { t0: block.t0, t1: block.t1, method: 'rk4', steps: block.nt }).y;
      return tf.slice(final, [0, 0], [rows, d + 1]);
    });
    const values = end.dataSync() as Float32Array;
    end.dispose();
    return values;
  }

  dispose(): void {
    this.velocity?.dispose();
    this.dynamics?.dispose();
    this.velocity = null;
    this.dynamics = null;
  }
}
