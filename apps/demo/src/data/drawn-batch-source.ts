import { Random, type RandomState } from '@otflow/random';
import type { BatchSource } from '@otflow/train';
import type { DrawnDensity } from './drawn-density';

/** Fresh draws from a drawing's density for every batch, from one seeded stream (its state is the position). */
export function drawnBatchSource(density: DrawnDensity, seed: number | string): BatchSource {
  let random = new Random(seed);
  return {
    d: 2,
    next: (size) => ({ data: density.sample(size, random), rows: size, cols: 2 }),
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as RandomState);
    },
  };
}
