/**
 * Writes the pretrained models the demo ships in public/models/:
 * - 8gaussians.json: trained here with @otflow/train (numerics §7's 8gaussians row at a smaller batch and a faster
 *   learning-rate schedule, so that it trains in minutes on a CPU);
 * - swissroll-reference.json: the reference implementation's swissroll weights (numerics §11's fixture), converted.
 *
 *   pnpm train-pretrained [--iterations 800] [--reference ../../test/fixtures/reference-swissroll.json]
 *
 * Runs against the built packages (build them first: turbo run build --filter=@otflow/demo^...).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setupTfjs } from '@otflow/backend';
import { sampleToy, toyBatchSource } from '@otflow/datasets';
import { importReferenceStateDict, modelFileToJSON, serializeModel } from '@otflow/model';
import { trainingSettings, Trainer } from '@otflow/train';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const modelsDir = new URL('../public/models/', import.meta.url);
const iterations = Number(option('iterations', '800'));
if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`--iterations must be a positive integer, got ${option('iterations', '')}.`);
const referencePath = option('reference', fileURLToPath(new URL('../../../test/fixtures/reference-swissroll.json', import.meta.url)));
const seed = 1;

await setupTfjs();

const settings = trainingSettings('8gaussians', {
  batchSize: 2048,
  iterations,
  learningRateDropEvery: Math.max(1, Math.round(iterations / 4)),
  validateEvery: 50,
});
const trainer = new Trainer({
  settings,
  data: toyBatchSource('8gaussians', `${seed}/train`),
  validation: sampleToy('8gaussians', 4096, `${seed}/validation`),
  seed,
});
const result = await trainer.run({
  onProgress: ({ iteration, record, validation }) => {
    if (validation) {
      const seconds = (trainer.result().elapsedMs / 1000).toFixed(0);
      console.error(`it ${iteration}: J ${record.objective.toFixed(3)}, validation NLL ${validation.nll.toFixed(4)} (${seconds} s)`);
    }
  },
});
const best = trainer.bestModel();
const gaussians = serializeModel(best, {
  normalization: null,
  training: {
    dataset: '8gaussians',
    alph: settings.alph,
    nt: settings.nt,
    ntVal: settings.ntVal,
    iterations: result.iterations,
    bestIteration: result.best?.iteration ?? null,
    validationNll: result.best?.nll ?? null,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    seed,
    createdBy: 'apps/demo/scripts/train-pretrained.ts',
  },
});
await writeFile(new URL('8gaussians.json', modelsDir), modelFileToJSON(gaussians));
best.dispose();
trainer.dispose();

const fixture = JSON.parse(await readFile(referencePath, 'utf8')) as { config: { alph: number[]; nt: number } };
const reference = importReferenceStateDict(fixture);
const swissroll = serializeModel(reference, {
  normalization: null,
  training: {
    dataset: 'swissroll',
    alph: fixture.config.alph,
    nt: fixture.config.nt,
    createdBy: 'the reference PyTorch implementation (github.com/EmoryMLIP/OT-Flow), converted from its state_dict',
  },
});
await writeFile(new URL('swissroll-reference.json', modelsDir), modelFileToJSON(swissroll));
reference.dispose();

console.log(
  JSON.stringify({
    '8gaussians': { iterations: result.iterations, stopReason: result.stopReason, best: result.best, seconds: result.elapsedMs / 1000 },
    'swissroll-reference': { source: referencePath },
  }),
);
