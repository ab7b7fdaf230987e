// Times a batched RK4 solve of a small nonlinear field, v(x) = sigmoid(x·W1 + b1)·W2 (2 → 16 → 2), on a
// 4096×2 state: as tensors on the tfjs backend, and as a Float64Array in plain JavaScript. Prints JSON.
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@otflow/backend';
import { odeint } from '../src/index';

const BATCH = 4096;
const DIM = 2;
const HIDDEN = 16;
const STEP_COUNTS = [8, 64];
const WARMUP = 2;
const RUNS = 7;

// Fixed, non-random weights (a deterministic pattern) so every run and both paths integrate the same field.
const w1 = Float64Array.from({ length: DIM * HIDDEN }, (_, i) => Math.sin(1.3 * i + 0.4));
const b1 = Float64Array.from({ length: HIDDEN }, (_, i) => 0.1 * Math.cos(i));
const w2 = Float64Array.from({ length: HIDDEN * DIM }, (_, i) => 0.5 * Math.cos(0.7 * i + 0.2));
const x0 = Float64Array.from({ length: BATCH * DIM }, (_, i) => Math.sin(0.37 * i) * 2);

function arrayField(_t: number, y: Float64Array, out: Float64Array): Float64Array {
  const hidden = new Float64Array(HIDDEN);
  for (let n = 0; n < BATCH; n++) {
    const row = n * DIM;
    for (let j = 0; j < HIDDEN; j++) {
      let z = b1[j];
      for (let i = 0; i < DIM; i++) z += y[row + i] * w1[i * HIDDEN + j];
      hidden[j] = 1 / (1 + Math.exp(-z));
    }
    for (let k = 0; k < DIM; k++) {
      let v = 0;
      for (let j = 0; j < HIDDEN; j++) v += hidden[j] * w2[j * DIM + k];
      out[row + k] = v;
    }
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => void): number {
  for (let i = 0; i < WARMUP; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const backend = await setupTfjs();
  const W1 = tf.tensor2d(Float32Array.from(w1), [DIM, HIDDEN]);
  const B1 = tf.tensor1d(Float32Array.from(b1));
  const W2 = tf.tensor2d(Float32Array.from(w2), [HIDDEN, DIM]);
  const X0 = tf.tensor2d(Float32Array.from(x0), [BATCH, DIM]);
  const tensorField = (_t: number, x: tf.Tensor2D) => tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, W1), B1)), W2);

  const results = [];
  for (const steps of STEP_COUNTS) {
    const options = { t0: 0, t1: 1, method: 'rk4' as const, steps };
    let tensorFinal: ArrayLike<number> = [];
    const tensorMs = time(() => {
      const { y } = odeint(tensorField, X0, options);
      tensorFinal = y.dataSync();
      y.dispose();
    });
    let arrayFinal = new Float64Array(0);
    const arrayMs = time(() => {
      arrayFinal = odeint(arrayField, x0, options).y;
    });
    const maxDifference = arrayFinal.reduce((worst, v, i) => Math.max(worst, Math.abs(v - tensorFinal[i])), 0);
    results.push({
      steps,
      tensor: { msPerSolve: round(tensorMs), msPerStep: round(tensorMs / steps) },
      float64Array: { msPerSolve: round(arrayMs), msPerStep: round(arrayMs / steps) },
      maxDifference,
    });
  }
  tf.dispose([W1, B1, W2, X0]);
  console.log(
    JSON.stringify(
      { benchmark: 'rk4 solve', backend, state: [BATCH, DIM], field: `sigmoid MLP ${DIM}-${HIDDEN}-${DIM}`, warmup: WARMUP, runs: RUNS, statistic: 'median', results },
      null,
      2,
    ),
  );
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

await main();
