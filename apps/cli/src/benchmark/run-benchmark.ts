import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '@otflow/backend';
import { sampleToy, toyBatchSource } from '@otflow/datasets';
import { Potential, serializeModel } from '@otflow/model';
import { loadParallelFlow } from '@otflow/runtime/node';
import { trainingSettings } from '@otflow/train';
import { ParallelTrainer } from '@otflow/train/node';

export interface BenchmarkOptions {
  /** Training batch sizes to time a step at. */
  batchSizes: number[];
  /** Points for sampling and log-density. */
  points: number;
  /** Timed runs per measurement (after one warm-up run). */
  repeats: number;
  m: number;
  /** RK4 steps of a training step. */
  nt: number;
  /** RK4 steps of sampling and log-density. */
  ntEval: number;
  /** Threads that compute. */
  workers: number;
}

export interface BenchmarkRow {
  operation: string;
  size: string;
  medianMs: number;
  minMs: number;
  repeats: number;
}

async function time(repeats: number, run: () => unknown): Promise<{ medianMs: number; minMs: number }> {
  await run();
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Number(ms.toFixed(1));
  return { medianMs: round(times[Math.floor(times.length / 2)]), minMs: round(times[0]) };
}

/**
 * Times one training step (objective, gradients through RK4, Adam) on 8gaussians (d = 2) at each batch size, then
 * sampling and log-density of a freshly initialized model, on `workers` threads: the speed of this machine and backend.
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkRow[]> {
  const { repeats, m, nt, ntEval, points, workers } = options;
  const rows: BenchmarkRow[] = [];
  for (const batchSize of options.batchSizes) {
    const trainer = await ParallelTrainer.create({
      // Validation and resampling would land inside some timed steps; push them past the run.
      settings: trainingSettings('8gaussians', { m, nt, batchSize, iterations: 1_000_000, validateEvery: 1_000_000, resampleEvery: 1_000_000 }),
      data: toyBatchSource('8gaussians', 1),
      validation: sampleToy('8gaussians', 16, 2),
      seed: 0,
      workers,
    });
    try {
      rows.push({ operation: `training step (m ${m}, nt ${nt})`, size: `batch ${batchSize}`, ...(await time(repeats, () => trainer.step())), repeats });
    } finally {
      await trainer.dispose();
    }
  }
  const potential = new Potential({ d: 2, m, nTh: 2, seed: 0 });
  const file = serializeModel(potential);
  potential.dispose();
  const flow = await loadParallelFlow(file, { backend: tf.getBackend() as BackendName, defaultSteps: ntEval, workers });
  try {
    const x = sampleToy('8gaussians', points, 3).data;
    rows.push({ operation: `sample (nt ${ntEval})`, size: `${points} points`, ...(await time(repeats, () => flow.sample(points))), repeats });
    rows.push({ operation: `log-density (nt ${ntEval})`, size: `${points} points`, ...(await time(repeats, () => flow.logProb(x))), repeats });
  } finally {
    await flow.dispose();
  }
  return rows;
}
