import * as tf from '@tensorflow/tfjs-core';
import { UsageError, type Command } from '../cli/command';
import { booleanOption, integerOption, stringOption } from '../cli/option-values';
import { runBenchmark, type BenchmarkRow } from '../benchmark/run-benchmark';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';

function formatTable(rows: BenchmarkRow[]): string {
  const header = ['operation', 'size', 'median', 'min'];
  const cells = rows.map((r) => [r.operation, r.size, `${r.medianMs.toFixed(1)} ms`, `${r.minMs.toFixed(1)} ms`]);
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const line = (values: string[]) => values.map((v, j) => (j < 2 ? v.padEnd(widths[j]) : v.padStart(widths[j]))).join('   ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Time a training step, sampling and log-density on this machine and backend.',
  help: `Usage: otflow bench [--json] [--batch-sizes 1024,4096] [--points 4096] [--repeats 3] [--workers N]

Times one training step of a d = 2, m = 32 model with nt = 8 (objective, gradients through RK4, Adam) at each
batch size, then sampling and log-density of a freshly initialized model with nt = 12, on --workers threads. Each
figure is the median (and minimum) of --repeats runs after one warm-up run. Use --backend cpu to compare backends,
--workers 1 to time one thread.

Examples:
  otflow bench
  otflow bench --json --repeats 5
  otflow bench --workers 1
  otflow --backend cpu bench --batch-sizes 1024`,
  options: {
    'batch-sizes': { type: 'string', valueName: 'list', description: 'Training batch sizes, comma-separated.', defaultText: '1024,4096' },
    points: { type: 'string', valueName: 'count', description: 'Points for sampling and log-density.', defaultText: '4096' },
    repeats: { type: 'string', valueName: 'count', description: 'Timed runs per figure.', defaultText: '3' },
    workers: WORKERS_OPTION,
    json: { type: 'boolean', description: 'Print the results as JSON on stdout.' },
  },
  async run(args, context) {
    const list = stringOption(args, 'batch-sizes') ?? '1024,4096';
    const batchSizes = list.split(',').map(Number);
    if (batchSizes.some((b) => !Number.isInteger(b) || b < 1)) {
      throw new UsageError(`--batch-sizes must be positive integers separated by commas, got "${list}"`);
    }
    const options = { batchSizes, points: integerOption(args, 'points') ?? 4096, repeats: integerOption(args, 'repeats') ?? 3, m: 32, nt: 8, ntEval: 12, workers: workersOption(args) };
    context.stderr.write(`Timing on the ${context.backend} backend, ${options.workers} thread${options.workers === 1 ? '' : 's'}…\n`);
    const rows = await runBenchmark(options);
    if (booleanOption(args, 'json')) {
      // The backend tfjs actually ran on, not only the one asked for.
      context.stdout.write(`${JSON.stringify({ backend: tf.getBackend(), node: process.version, workers: options.workers, results: rows }, null, 2)}\n`);
    } else {
      context.stdout.write(`${formatTable(rows)}\n`);
    }
    return 0;
  },
};
