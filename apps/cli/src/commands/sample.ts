import { once } from 'node:events';
import { writeSamples } from '@otflow/runtime/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { formatFloat32 } from '../cli/format-number';
import { saveNpy } from '@otflow/datasets/node';
import type { ImageFlow } from '@otflow/runtime';
import type { CommandContext, ParsedArgs } from '../cli/command';
import { MODEL_POSITIONAL, modelOption, modelPath } from '../cli/model-argument';
import { integerOption, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { parseGrid, writeImageGrid } from '../images/image-png';
import { openModel } from '../model/load-image-model';

const DEFAULT_GRID = { rows: 10, cols: 10 };

/** An image model's samples: a PNG grid and/or a .npy of pixel rows (n × width·height, intensities in [0, 1]). */
async function sampleImages(imageFlow: ImageFlow, args: ParsedArgs, context: CommandContext, options: { seed: number; nt?: number; batchSize?: number }): Promise<number> {
  const out = stringOption(args, 'out');
  const npyExtra = stringOption(args, 'npy');
  const gridText = stringOption(args, 'grid');
  const grid = gridText === undefined ? null : parseGrid(gridText);
  if (gridText !== undefined && grid === null) throw new UsageError(`--grid must be ROWSxCOLS such as 10x10 (at most 10,000 images), got "${gridText}"`);
  if (out === undefined) throw new UsageError('--out is required for an image model: a .png grid or a .npy of pixel rows, e.g. --out grid.png');
  if (!/\.(png|npy)$/i.test(out)) throw new UsageError(`--out ${out}: an image model's samples go to a .png grid or a .npy file`);
  if (npyExtra !== undefined && !/\.npy$/i.test(npyExtra)) throw new UsageError(`--npy ${npyExtra}: name the file *.npy`);
  const png = /\.png$/i.test(out);
  const layout = grid ?? DEFAULT_GRID;
  const nFlag = integerOption(args, 'n');
  if (png && nFlag !== undefined && nFlag !== layout.rows * layout.cols) {
    throw new UsageError(`-n ${nFlag} does not fill the ${layout.rows}x${layout.cols} grid; drop -n or pass --grid`);
  }
  const n = png || grid !== null ? layout.rows * layout.cols : nFlag;
  if (n === undefined) throw new UsageError('-n is required for a .npy of samples (or pass --grid ROWSxCOLS)');
  const targets = [await checkOutputPath(out, '--out'), ...(npyExtra === undefined ? [] : [await checkOutputPath(npyExtra, '--npy')])];
  const started = performance.now();
  const images = await imageFlow.sample(n, options);
  if (context.signal.aborted) return 130;
  const matrix = { data: images.data, rows: images.count, cols: images.width * images.height };
  for (const target of targets) {
    if (/\.png$/i.test(target)) await writeImageGrid(target, images, layout);
    else await saveNpy(target, matrix);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  context.stderr.write(`Wrote ${n} sampled ${images.width} × ${images.height} images to ${targets.map(displayPath).join(' and ')} in ${seconds} s.\n`);
  return 0;
}

class Interrupted extends Error {}

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Draw samples from a trained model into a .csv or .npy file (streamed: any number).',
  help: `Usage: otflow sample <model.json> -n <count> [--out samples.csv|samples.npy] [--seed S] [--nt K]
       otflow sample <digits.json> --out grid.png [--grid 10x10] [--npy samples.npy]   (an image model)

Draws y ~ N(0, I) and integrates the flow from t = 1 back to 0 (docs/numerics.md §8), in batches of --batch-size
rows (integrated on --workers threads), so any number of samples fits in memory. Samples are in the data's own units
(the model's normalization is undone). The file appears only when complete; without --out, CSV goes to stdout. The
same seed gives the same samples, whatever the number of workers.

For an image model (from "otflow train mnist" or an imported MNIST checkpoint) the samples are decoded to images:
--out grid.png tiles --grid ROWSxCOLS of them (default 10x10) into one PNG, --out samples.npy writes -n of them as
rows of pixel intensities in [0, 1], and --npy also writes the grid's images as .npy.

Examples:
  otflow sample 8g.json -n 10000 --out samples.csv
  otflow sample power.json -n 1000000 --out power-samples.npy --batch-size 50000
  otflow sample 8g.json -n 5 --seed 7
  otflow sample digits.json --grid 10x10 --out grid.png --npy grid.npy`,
  positionals: [MODEL_POSITIONAL],
  options: {
    model: modelOption(),
    n: { type: 'string', short: 'n', valueName: 'count', description: 'How many samples.' },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'Output file, .csv (header x1..xd) or .npy (float32).', defaultText: 'CSV on stdout' },
    seed: { type: 'string', valueName: 'integer', description: 'Seed of the normal draws.', defaultText: '0' },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps.', defaultText: '12' },
    'batch-size': { type: 'string', valueName: 'rows', description: 'Samples integrated per batch (bounds memory).', defaultText: '16384' },
    grid: { type: 'string', valueName: 'ROWSxCOLS', description: "An image model's samples tiled in a PNG grid.", defaultText: '10x10' },
    npy: { type: 'string', valueName: 'file.npy', description: "Also write an image model's sampled images as .npy (n × pixels)." },
    workers: WORKERS_OPTION,
  },
  handlesInterrupt: true,
  async run(args, context) {
    const model = modelPath(args, 'sample');
    const seed = integerOption(args, 'seed', 0) ?? 0;
    const nt = integerOption(args, 'nt');
    const batchSize = integerOption(args, 'batch-size');
    const out = stringOption(args, 'out');
    const imageFlags = ['grid', 'npy'].filter((name) => args.options[name] !== undefined);
    const imageOutput = imageFlags.length > 0 || (out !== undefined && /\.png$/i.test(out));
    const n = integerOption(args, 'n');
    // Only an image model's grid needs no count: say so before loading anything.
    if (n === undefined && !imageOutput) throw new UsageError('-n is required: how many samples to draw, e.g. -n 10000');
    const opened = await openModel(model, context, workersOption(args));
    if (opened.kind === 'image') {
      try {
        return await sampleImages(opened.imageFlow, args, context, { seed, nt, batchSize });
      } finally {
        opened.imageFlow.dispose();
      }
    }
    const flow = opened.flow;
    try {
      if (imageOutput || n === undefined) {
        throw new UsageError(`${imageFlags.length > 0 ? imageFlags.map((f) => `--${f}`).join(', ') : '--out *.png'} needs an image model; ${model} is a flow on ${flow.d}-dimensional points`);
      }
      if (out !== undefined && !/\.(csv|npy)$/i.test(out)) throw new UsageError(`--out ${out}: name the file *.csv or *.npy`);
      const target = out === undefined ? undefined : await checkOutputPath(out, '--out');
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
