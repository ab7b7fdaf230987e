// What trainer tests share: a seeded 2-D data source, small settings, and ways to read a run's state.
import { Random } from '@otflow/random';
import { expect } from 'vitest';
import type { BatchSource, PointBatch } from '../src/batch-source';
import type { TrainingSettings } from '../src/presets';
import type { TrainingLoop } from '../src/training-loop';

/** Two Gaussian blobs in 2-D, drawn from a seeded stream whose state is the source's state. */
export function blobSource(seed: number): BatchSource {
  let random = new Random(seed);
  return {
    d: 2,
    next(size: number): PointBatch {
      const data = new Float32Array(size * 2);
      for (let i = 0; i < size; i++) {
        const centre = random.bernoulli() ? 1.5 : -1.5;
        data[2 * i] = centre + 0.4 * random.normal();
        data[2 * i + 1] = 0.4 * random.normal();
      }
      return { data, rows: size, cols: 2 };
    },
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
}

export const SMALL_SETTINGS: Partial<TrainingSettings> = {
  m: 8,
  nt: 2,
  ntVal: 3,
  batchSize: 64,
  iterations: 12,
  learningRate: 0.05,
  learningRateDropEvery: 5,
  resampleEvery: 3,
  validateEvery: 4,
};

export const weightsOf = (trainer: TrainingLoop) =>
  Object.fromEntries(Object.entries(trainer.model.getWeights()).map(([k, v]) => [k, Array.from(v)]));

/** Runs `trainer` until its checkpoint at `iteration`, and returns that checkpoint as parsed JSON. */
export async function checkpointAt(trainer: TrainingLoop, iteration: number): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  let saved: Record<string, unknown> | null = null;
  const partial = await trainer.run({
    signal: controller.signal,
    checkpointEvery: iteration,
    onCheckpoint: (checkpoint) => {
      saved = JSON.parse(JSON.stringify(checkpoint));
      controller.abort();
    },
  });
  expect(partial.stopReason).toBe('aborted');
  expect(partial.iterations).toBe(iteration);
  return saved as unknown as Record<string, unknown>;
}

export const resumeInit = () => ({ data: blobSource(1), validation: blobSource(99).next(128) });
