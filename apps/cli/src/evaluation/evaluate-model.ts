import * as tf from '@tensorflow/tfjs-core';
import type { DataMatrix } from '@otflow/datasets';
import { densityGrid, inverseError, mmdSquared, negativeLogLikelihood, type Bounds2D } from '@otflow/metrics';
import type { BackendName } from '@otflow/backend';
import { flowLogDensity, serializeModel, type FlowModel } from '@otflow/model';
import { Random } from '@otflow/random';
import { loadParallelFlow } from '@otflow/runtime/node';
import { parallelMeanCosts } from '@otflow/train/node';
import { streamSeed } from '../data/stream-seed';

export interface EvaluationOptions {
  /** RK4 steps, both directions. */
  nt: number;
  alph: [number, number, number];
  seed: number;
  /** MMD² compares at most this many test points with as many samples. */
  mmdPoints: number;
  /** Cells per axis of the density-normalization grid (2-D models). */
  gridResolution: number;
  /** Rows integrated per pass. */
  batchSize?: number;
  /** Threads that compute the costs and integrate the flow. */
  workers: number;
}

/** Everything `otflow eval` reports; every figure says how it was computed. */
export interface EvaluationReport {
  points: number;
  nt: number;
  /** numerics §5's means over the test points: J = α_L·L + α_C·C + α_R·R. */
  costs: { alph: [number, number, number]; J: number; L: number; C: number; R: number };
  /** Mean C with its standard error (nats). */
  nll: { mean: number; standardError: number };
  /** ‖x − f⁻¹(f(x))‖₂ with nt steps both ways. */
  inverseError: { mean: number; max: number };
  mmd: { value: number; estimator: string; kernel: string; testPoints: number; samples: number; subsample: boolean };
  /** ∫ρ over a box by the midpoint rule (2-D models only). */
  densityIntegral: { value: number; bounds: Bounds2D; resolution: number } | null;
}

function subsample(points: DataMatrix, count: number, seed: number): DataMatrix {
  if (count >= points.rows) return points;
  const order = new Random(streamSeed(seed, 'subsample')).permutation(points.rows);
  const data = new Float32Array(count * points.cols);
  for (let i = 0; i < count; i++) data.set(points.data.subarray(order[i] * points.cols, (order[i] + 1) * points.cols), i * points.cols);
  return { data, rows: count, cols: points.cols };
}

/** [−4, 4]², widened where the points reach beyond it (with a margin of 0.5). */
function boxCovering(points: DataMatrix): Bounds2D {
  const bounds: Bounds2D = [[-4, 4], [-4, 4]];
  for (let i = 0; i < points.rows; i++) {
    for (const axis of [0, 1]) {
      const value = points.data[i * 2 + axis];
      bounds[axis][0] = Math.min(bounds[axis][0], Math.floor(value - 0.5));
      bounds[axis][1] = Math.max(bounds[axis][1], Math.ceil(value + 0.5));
    }
  }
  return bounds;
}

/**
 * Evaluates a model (either kind) on test points in its own coordinates (numerics §8): the costs of numerics §5, the NLL with its
 * standard error, the round-trip error, MMD² between test points and samples, and for d = 2 the integral of the
 * density over a box covering the data. The model stays the caller's.
 */
export async function evaluateModel(model: FlowModel, test: DataMatrix, options: EvaluationOptions): Promise<EvaluationReport> {
  const { nt, alph, seed, batchSize } = options;
  const costs = await parallelMeanCosts(model, test, { nt, alph, batchSize, workers: options.workers });
  // A flow without normalization: the test points already are in the model's coordinates.
  const flow = await loadParallelFlow(serializeModel(model), { backend: tf.getBackend() as BackendName, defaultSteps: nt, workers: options.workers });
  try {
    const forward = await flow.forward(test.data, { batchSize });
    const logDensity = tf.tidy(() =>
      flowLogDensity(tf.tensor2d(forward.points.data, [test.rows, test.cols]), tf.tensor1d(forward.logDet)).dataSync(),
    );
    const nll = await negativeLogLikelihood(logDensity);
    const back = await flow.inverse(forward.points.data, { batchSize });
    const roundTrip = await inverseError(test, back.points);

    const compared = subsample(test, options.mmdPoints, seed);
    const samples = await flow.sample(compared.rows, { seed: streamSeed(seed, 'samples'), batchSize });
    const mmd = await mmdSquared(compared, samples);

    let densityIntegral: EvaluationReport['densityIntegral'] = null;
    if (test.cols === 2) {
      const bounds = boxCovering(test);
      const grid = await densityGrid((points) => flow.logProb(points, { batchSize }), { bounds, resolution: options.gridResolution });
      densityIntegral = { value: grid.integral, bounds, resolution: options.gridResolution };
    }
    return {
      points: test.rows,
      nt,
      costs: { alph, J: costs.objective, L: costs.transportCost, C: costs.nll, R: costs.hjb },
      nll: { mean: nll.mean, standardError: nll.standardError },
      inverseError: { mean: roundTrip.mean, max: roundTrip.max },
      mmd: {
        value: mmd.value,
        estimator: mmd.estimator,
        kernel: `exp(−‖x − y‖² / ${mmd.bandwidth})`,
        testPoints: mmd.n,
        samples: mmd.m,
        subsample: compared.rows < test.rows,
      },
      densityIntegral,
    };
  } finally {
    await flow.dispose();
  }
}
