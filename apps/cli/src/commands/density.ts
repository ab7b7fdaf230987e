import { negativeLogLikelihood } from '@otflow/metrics';
import { saveNpy } from '@otflow/datasets/node';
import { writeFileAtomic } from '@otflow/model/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { formatFloat32, formatQuantity } from '../cli/format-number';
import { MODEL_POSITIONAL, modelOption, modelPath } from '../cli/model-argument';
import { integerOption, requiredString, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { WORKERS_OPTION, workersOption } from '../cli/workers-option';
import { checkDimension, loadPointFile } from '../data/point-file';
import { loadModelFlow } from '../model/load-model-flow';

export const densityCommand: Command = {
  name: 'density',
  summary: 'Exact log-density of each point of a .csv or .npy file under a trained model.',
  help: `Usage: otflow density <model.json> --input points.csv|points.npy [--out logp.csv|logp.npy] [--nt K]

Integrates each point forward (t = 0 → 1) with the log-determinant and prints log ρ(x) in nats, one per input row,
in the data's own units (docs/numerics.md §4: log ρ(x) = −(d/2) log 2π − ½‖z‖² + ℓ). The input needs exactly d
columns (a header line is detected). Without --out the values go to stdout as CSV; the mean (−NLL) goes to stderr.
The rows are integrated on --workers threads; each row's value does not depend on how many.

Examples:
  otflow density 8g.json --input points.csv
  otflow density 8g.json --input points.npy --out logp.csv --nt 16`,
  positionals: [MODEL_POSITIONAL],
  options: {
    model: modelOption(),
    input: { type: 'string', short: 'i', valueName: 'points', description: 'Points, one per row: .csv or .npy.' },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'Output, .csv (header log_density) or .npy (n × 1 float32).', defaultText: 'CSV on stdout' },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps.', defaultText: '12' },
    'batch-size': { type: 'string', valueName: 'rows', description: 'Points integrated per batch (bounds memory).', defaultText: '16384' },
    workers: WORKERS_OPTION,
  },
  async run(args, context) {
    const model = modelPath(args, 'density');
    const inputPath = requiredString(args, 'input', 'points.csv');
    const out = stringOption(args, 'out');
    const nt = integerOption(args, 'nt');
    const batchSize = integerOption(args, 'batch-size');
    if (out !== undefined && !/\.(csv|npy)$/i.test(out)) throw new UsageError(`--out ${out}: name the file *.csv or *.npy`);
    const target = out === undefined ? undefined : await checkOutputPath(out, '--out');
    const points = await loadPointFile(inputPath, '--input');
    const flow = await loadModelFlow(model, context, workersOption(args));
    let logDensity: Float32Array;
    try {
      checkDimension(points, flow.d, inputPath);
      logDensity = await flow.logProb(points.data, { nt, batchSize });
    } finally {
      await flow.dispose();
    }
    const rows = Array.from(logDensity, formatFloat32);
    if (target === undefined) context.stdout.write(`log_density\n${rows.join('\n')}\n`);
    else if (/\.npy$/i.test(target)) await saveNpy(target, { data: logDensity, rows: logDensity.length, cols: 1 });
    else await writeFileAtomic(target, `log_density\n${rows.join('\n')}\n`);
    const nll = await negativeLogLikelihood(logDensity);
    const where = target === undefined ? '' : ` Wrote ${displayPath(target)}.`;
    context.stderr.write(`${nll.count} points: NLL ${formatQuantity(nll.mean)} ± ${formatQuantity(nll.standardError, 2)} nats.${where}\n`);
    return 0;
  },
};
