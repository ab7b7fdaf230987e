import { loadModelFile } from '@otflow/model/node';
import type { Command } from '../cli/command';
import { formatQuantity } from '../cli/format-number';
import { booleanOption } from '../cli/option-values';

function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatQuantity(value, 6);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'number')) return value.map((v) => formatQuantity(v, 6)).join(', ');
  return JSON.stringify(value);
}

/** `key: value` lines, nested objects indented under their key. */
function describeRecord(record: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(`${indent}${key}:`, ...describeRecord(value as Record<string, unknown>, `${indent}  `));
    } else lines.push(`${indent}${key}: ${formatValue(value)}`);
  }
  return lines;
}

function shortList(values: number[]): string {
  const shown = values.slice(0, 6).map((v) => formatQuantity(v, 5)).join(', ');
  return values.length > 6 ? `${shown}, … (${values.length} values)` : shown;
}

export const infoCommand: Command = {
  name: 'info',
  summary: "Show a model file's architecture, parameter count, normalization and training metadata.",
  help: `Usage: otflow info <model.json> [--json]

Reads and checks a model file and describes it: its kind and architecture (a potential's d, m, nTh, r, or a velocity
network's d, m, nTh), its number of parameters (docs/numerics.md §2), the normalization it applies to data, and how
it was trained (dataset, settings, seed, iterations, best validation, wall time, backend, date).

Examples:
  otflow info 8g.json
  otflow info 8g.json --json`,
  positionals: [{ name: 'model.json', description: 'The model file.', required: true }],
  options: {
    json: { type: 'boolean', description: 'Print the description as JSON on stdout.' },
  },
  async run(args, context) {
    const path = args.positionals[0];
    const { model, normalization, training } = await loadModelFile(path);
    const { kind } = model;
    const config = { ...model.config };
    const parameterCount = model.parameterCount;
    model.dispose();
    if (booleanOption(args, 'json')) {
      context.stdout.write(`${JSON.stringify({ path, kind, config, parameterCount, normalization, training }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `Model ${path}`,
      'r' in config
        ? `  potential: d = ${config.d}, m = ${config.m}, nTh = ${config.nTh}, r = ${config.r}`
        : `  velocity network: d = ${config.d}, m = ${config.m}, nTh = ${config.nTh}`,
      `  parameters: ${parameterCount.toLocaleString('en-US')}`,
      normalization
        ? `  normalization: x_model = (x − mean) / std\n    mean: ${shortList(normalization.mean)}\n    std:  ${shortList(normalization.std)}`
        : '  normalization: none (the model works in the data\'s own units)',
      training ? 'Training:' : 'Training: no metadata',
      ...(training ? describeRecord(training, '  ') : []),
    ];
    context.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
