// The core issue's quality bar: train on 8gaussians from scratch with numerics §7's settings (nt 8, nt_val 12,
// batch 5000, alph 1,30,1, lr 0.1 halved every 500) and report the validation NLL curve and the wall time.
// Usage: tsx bench/quality-8gaussians.ts [--iterations=500] [--seed=0]
import { setupTfjs } from '@otflow/backend';
import { sampleToy, toyBatchSource } from '@otflow/datasets';
import { Trainer, trainingSettings } from '@otflow/train';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const iterations = Number(args.get('iterations') ?? 500);
const seed = Number(args.get('seed') ?? 0);

await setupTfjs();
const trainer = new Trainer({
  settings: trainingSettings('8gaussians', { iterations, validateEvery: 50 }),
  data: toyBatchSource('8gaussians', seed + 1),
  validation: sampleToy('8gaussians', 4096, seed + 2),
  seed,
});
const started = performance.now();
const result = await trainer.run({
  onProgress: (event) => {
    if (event.validation) {
      const v = event.validation;
      console.error(
        `iter ${v.iteration}  val NLL ${v.nll.toFixed(4)}  val J ${v.objective.toFixed(3)}  L ${v.transportCost.toFixed(3)}  ` +
          `R ${v.hjb.toFixed(4)}  ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  },
});
console.log(
  JSON.stringify({
    dataset: '8gaussians',
    iterations: result.iterations,
    wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    finalValidationNll: trainer.history.validations.at(-1)?.nll,
    best: result.best,
    curve: trainer.history.validations.map((v) => ({ iteration: v.iteration, nll: Number(v.nll.toFixed(4)) })),
  }),
);
trainer.dispose();
