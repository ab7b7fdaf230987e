import { setupTfjs } from '@otflow/backend';
import { Random } from '@otflow/random';
import * as tf from '@tensorflow/tfjs-core';
import { mmdSquared, wasserstein2, type PointArray } from '../src/index';

// Wall-clock times of the large metrics: MMD² on 20,000 × 20,000 2-D points (both estimators), and W₂ exact at
// the 'auto' limit and by Sinkhorn beyond it. Prints one JSON object.
const backend = await setupTfjs();
const random = new Random('metrics-bench');
const gaussian = (rows: number, shift: number): PointArray => ({
  data: random.normalArray(rows * 2).map((v, k) => v + (k % 2 === 0 ? shift : 0)),
  rows,
  cols: 2,
});

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { seconds: (performance.now() - start) / 1000, result };
}

const x = gaussian(20_000, 0);
const y = gaussian(20_000, 0.5);
const tensorsBefore = tf.memory().numTensors;
const biased = await timed(() => mmdSquared(x, y, { estimator: 'biased' }));
const unbiased = await timed(() => mmdSquared(x, y, { estimator: 'unbiased' }));
const exact = await timed(() => wasserstein2(gaussian(1_000, 0), gaussian(1_000, 0.5), { method: 'exact' }));
const sinkhorn = await timed(() => wasserstein2(gaussian(2_000, 0), gaussian(2_000, 0.5), { method: 'sinkhorn' }));

console.log(
  JSON.stringify(
    {
      backend,
      mmdSquared20000x20000: {
        biased: { seconds: biased.seconds, value: biased.result.value },
        unbiased: { seconds: unbiased.seconds, value: unbiased.result.value },
        tensorsLeaked: tf.memory().numTensors - tensorsBefore,
      },
      wasserstein2: {
        exact1000: { seconds: exact.seconds, value: exact.result.value },
        sinkhorn2000: {
          seconds: sinkhorn.seconds,
          value: sinkhorn.result.value,
          iterations: sinkhorn.result.iterations,
          converged: sinkhorn.result.converged,
        },
      },
    },
    null,
    2,
  ),
);
