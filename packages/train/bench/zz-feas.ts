import { setupTfjs } from '@otflow/backend';
import { Random } from '@otflow/random';
import { Trainer, trainingSettings, AutoencoderTrainer, type BatchSource } from '@otflow/train';
await setupTfjs();
function gauss(d: number, seed: number): BatchSource { let r = new Random(seed); return { d, next: (n) => ({ data: r.fillNormal(new Float32Array(n * d)), rows: n, cols: d }), getState: () => r.state(), setState: (s) => { r = Random.fromState(s as any); } }; }
function uni(d: number, seed: number): BatchSource { let r = new Random(seed); return { d, next: (n) => ({ data: Float32Array.from(r.uniformArray(n * d)), rows: n, cols: d }), getState: () => r.state(), setState: (s) => { r = Random.fromState(s as any); } }; }
const ae = new AutoencoderTrainer({ config: { latentSize: 128 }, settings: { batchSize: 800, iterations: 100, learningRate: 1e-3, learningRateDropEvery: 0, learningRateDropFactor: 10, validateEvery: 1000 }, data: uni(784, 1), validation: uni(784, 2).next(10), seed: 0 });
ae.step(); let t = performance.now(); for (let i = 0; i < 3; i++) ae.step(); console.log('ae b800 ms/it', ((performance.now() - t) / 3).toFixed(1)); ae.dispose();
for (const [d, m, b, nt] of [[128, 128, 800, 8], [32, 64, 256, 4], [16, 64, 256, 4], [32, 128, 256, 6]] as const) {
  const tr = new Trainer({ settings: trainingSettings('power', { m, nt, ntVal: nt, batchSize: b, iterations: 100, validateEvery: 1000, earlyStoppingPatience: 0 }), data: gauss(d, 1), validation: gauss(d, 2).next(10), seed: 0 });
  tr.step(); t = performance.now(); const k = d === 128 ? 1 : 3; for (let i = 0; i < k; i++) tr.step(); console.log(`flow d${d} m${m} b${b} nt${nt} ms/it`, ((performance.now() - t) / k).toFixed(1)); tr.dispose();
}
