// Times one training iteration (objective, gradients through RK4, Adam) on toy-sized problems and prints JSON:
// ms per iteration (median of the timed runs), kernels per iteration and peak tensor memory (tf.profile).
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs, type BackendName } from '@otflow/backend';
import { Random } from '@otflow/random';
import { Trainer, trainingSettings, type BatchSource } from '@otflow/train';

function gaussianSource(d: number, seed: number): BatchSource {
  let random = new Random(seed);
  return {
    d,
    next: (rows) => ({ data: random.fillNormal(new Float32Array(rows * d)), rows, cols: d }),
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
}

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const backend = (args.get('backend') ?? 'wasm') as BackendName;
const repeats = Number(args.get('repeats') ?? 5);
const configs = (args.get('configs') ?? 'd2-m32-b1024-nt8,d2-m32-b4096-nt8').split(',').map((name) => {
  const [, d, m, batch, nt] = /^d(\d+)-m(\d+)-b(\d+)-nt(\d+)$/.exec(name) ?? [];
  return { name, d: Number(d), m: Number(m), batch: Number(batch), nt: Number(nt) };
});

await setupTfjs({ backend });
const results = [];
for (const config of configs) {
  const trainer = new Trainer({
    settings: trainingSettings('8gaussians', {
      m: config.m,
      nt: config.nt,
      batchSize: config.batch,
      iterations: 1_000_000,
      validateEvery: 1_000_000,
    }),
    data: gaussianSource(config.d, 1),
    validation: gaussianSource(config.d, 2).next(16),
    seed: 0,
  });
  trainer.step();
  const profile = await tf.profile(() => {
    trainer.step();
  });
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    trainer.step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  results.push({
    config: config.name,
    backend,
    msPerIteration: Number(times[Math.floor(times.length / 2)].toFixed(1)),
    msMin: Number(times[0].toFixed(1)),
    kernelsPerIteration: profile.kernels.length,
    peakTensorMiB: Number((profile.peakBytes / 2 ** 20).toFixed(1)),
  });
  trainer.dispose();
}
console.log(JSON.stringify(results, null, 2));
