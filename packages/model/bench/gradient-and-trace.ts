// Micro-benchmark of the per-evaluation work the RK4 loop repeats: ms per call (median of 20 after warm-up) and
// kernels per call, at n = 4096 samples by default. Usage: tsx bench/gradient-and-trace.ts [n] [d] [m] [nTh]
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@otflow/backend';
import { Random } from '@otflow/random';
import {
  createAugmentedDynamics,
  createVelocityField,
  gradientAndTrace,
  gradientAndTraceAtTime,
  Potential,
  preparePotential,
} from '../src/index';

const [n, d, m, nTh] = [4096, 2, 32, 2].map((fallback, index) => Number(process.argv[2 + index] ?? fallback));
const warmup = 5;
const repeats = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measure(call: () => tf.TensorContainer): Promise<{ msMedian: number; msMin: number; kernels: number }> {
  for (let i = 0; i < warmup; i++) tf.dispose(call());
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const result = call();
    // wasm kernels run synchronously when called; reading one value back makes sure nothing is deferred.
    const tensors = result instanceof tf.Tensor ? [result] : Object.values(result as Record<string, tf.Tensor>);
    tensors[0]?.dataSync();
    times.push(performance.now() - start);
    tf.dispose(result);
  }
  const profile = await tf.profile(() => {
    tf.dispose(call());
    return [];
  });
  return { msMedian: median(times), msMin: Math.min(...times), kernels: profile.kernels.length };
}

const backend = await setupTfjs();
const random = new Random('bench');
const potential = new Potential({ d, m, nTh, seed: 1 });
const x = tf.tensor2d(Float32Array.from(random.normalArray(n * d)), [n, d]);
const s = tf.concat([x, tf.fill([n, 1], 0.3)], 1) as tf.Tensor2D;
const column = (): tf.Tensor2D => tf.zeros([n, 1]);
const state = { x, logDet: column(), transport: column(), hjb: column() };
const prepared = preparePotential(potential);
const dynamics = createAugmentedDynamics(prepared);
const velocity = createVelocityField(prepared);
const before = tf.memory().numTensors;

const results = {
  gradientAndTraceAtTimePrepared: await measure(() => gradientAndTraceAtTime(prepared, x, 0.3)),
  gradientAndTracePrepared: await measure(() => gradientAndTrace(prepared, s)),
  gradientAndTraceUnprepared: await measure(() => gradientAndTrace(potential, s)),
  augmentedDynamics: await measure(() => dynamics(0.3, state)),
  velocityField: await measure(() => velocity(0.3, x)),
  prepare: await measure(() => {
    preparePotential(potential).dispose();
    return {};
  }),
};
console.log(
  JSON.stringify({ bench: 'gradient-and-trace', backend, n, d, m, nTh, warmup, repeats, leakedTensors: tf.memory().numTensors - before, results }),
);
