import { once } from 'node:events';
import { writeSamples } from '@otflow/runtime/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { formatFloat32 } from '../cli/format-number';
import { MODEL_POSITIONAL, modelOption, modelPath } from '../cli/model-argument';
import { integerOption, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { loadModelFlow } from '../model/load-model-flow';

class Interrupted extends Error {}

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Draw samples from a trained model into a .csv or .npy file (streamed: any number).',
  help: `Usage: otflow sample <model.json> -n <count> [--out samples.csv|samples.npy] [--seed S] [--nt K]

Draws y ~ N(0, I) and integrates the flow from t = 1 back to 0 (docs/numerics.md §8), in batches of --batch-size
rows (integrated on --workers threads), so any number of samples fits in memory. Samples are in the data's own units (the model's normalization is
undone). The file appears only when complete; without --out, CSV goes to stdout. The same seed gives the same
samples, whatever the number of workers.

Examples:
  otflow sample 8g.json -n 10000 --out samples.csv
  otflow sample power.json -n 1000000 --out power-samples.npy --batch-size 50000
  otflow sample 8g.json -n 5 --seed 7`,
  positionals: [MODEL_POSITIONAL],
  options: {
    model: modelOption(),
    n: { type: 'string', short: 'n', valueName: 'count', description: 'How many samples.' },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'Output file, .csv (header x1..xd) or .npy (float32).', defaultText: 'CSV on stdout' },
    seed: { type: 'string', valueName: 'integer', description: 'Seed of the normal draws.', defaultText: '0' },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps.', defaultText: '12' },
    'batch-size': { type: 'string', valueName: 'rows', description: 'Samples integrated per batch (bounds memory).', defaultText: '16384' },
    workers: WORKERS_OPTION,
  },
  handlesInterrupt: true,
  async run(args, context) {
    const model = modelPath(args, 'sample');
    const n = integerOption(args, 'n');
    if (n === undefined) throw new UsageError('-n is required: how many samples to draw, e.g. -n 10000');
    const seed = integerOption(args, 'seed', 0) ?? 0;
    const nt = integerOption(args, 'nt');
    const batchSize = integerOption(args, 'batch-size');
    const out = stringOption(args, 'out');
    if (out !== undefined && !/\.(csv|npy)$/i.test(out)) throw new UsageError(`--out ${out}: name the file *.csv or *.npy`);
    const target = out === undefined ? undefined : await checkOutputPath(out, '--out');
    const flow = await loadModelFlow(model, context, workersOption(args));
    try {
      const options = { seed, nt, batchSize };
      if (target === undefined) {
        context.stdout.write(`${Array.from({ length: flow.d }, (_, j) => `x${j + 1}`).join(',')}\n`);
        for await (const batch of flow.sampleBatches(n, options)) {
          if (context.signal.aborted) return 130;
          const lines: string[] = [];
          for (let i = 0; i < batch.rows; i++) {
            lines.push(Array.from(batch.data.subarray(i * flow.d, (i + 1) * flow.d), formatFloat32).join(','));
          }
          // Respect the pipe's back-pressure, so memory stays bounded by one batch.
          if (!context.stdout.write(`${lines.join('\n')}\n`)) await once(context.stdout, 'drain');
        }
        return 0;
      }
      const started = performance.now();
      try {
        await writeSamples(flow, target, n, {
          ...options,
          // Stopping from inside the stream makes writeSamples remove its temporary file.
          onProgress: (written) => {
            if (context.signal.aborted) throw new Interrupted(`Interrupted after ${written} of ${n} samples; nothing was written.`);
            if (context.stderr.isTTY) context.stderr.write(`\r\x1b[2K${written.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} samples`);
          },
        });
      } catch (error) {
        if (error instanceof Interrupted) {
          context.stderr.write(`\n${error.message}\n`);
          return 130;
        }
        throw error;
      }
      if (context.stderr.isTTY) context.stderr.write('\n');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      context.stderr.write(`Wrote ${n.toLocaleString('en-US')} samples (d = ${flow.d}) to ${displayPath(target)} in ${seconds} s.\n`);
      return 0;
    } finally {
      await flow.dispose();
    }
  },
};
