import type { GaussianData } from '@otflow/datasets';
import { Random, type RandomState } from '@otflow/random';
import type { BatchSource, PointBatch } from '@otflow/train';

/** Gaussian data is unlimited: every batch is a fresh draw; the state is the random stream's, so checkpoints replay. */
export function gaussianBatchSource(gaussian: GaussianData, seed: number | string): BatchSource {
  let random = new Random(seed);
  return {
    d: gaussian.dimension,
    next(size: number): PointBatch {
      const { data, rows, cols } = gaussian.sample(size, random);
      return { data, rows, cols };
    },
    getState: () => random.state(),
    setState(state: unknown) {
      random = Random.fromState(state as RandomState);
    },
  };
}
