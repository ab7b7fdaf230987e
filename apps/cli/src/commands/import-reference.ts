import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importReferenceStateDict } from '@otflow/model';
import { saveModelFile } from '@otflow/model/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { numberListOption, requiredString } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { OTFLOW_VERSION } from '../version';

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`File not found: ${path}`);
    throw new Error(`Could not read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); export the state_dict with json.dump.`);
  }
}

/** The alph stored next to a wrapped state_dict ({ config: { alph }, state_dict }), if any. */
function configAlph(file: unknown): number[] | undefined {
  const alph = (file as { config?: { alph?: unknown } } | null)?.config?.alph;
  return Array.isArray(alph) && alph.length === 3 && alph.every((v) => typeof v === 'number') ? alph : undefined;
}

export const importReferenceCommand: Command = {
  name: 'import-reference',
  summary: "Convert the reference PyTorch implementation's weights (a state_dict as JSON) to an otflow model file.",
  help: `Usage: otflow import-reference <state_dict.json> --out model.json [--alph L,C,R]

Reads the weights of a potential trained by the authors' PyTorch code (github.com/EmoryMLIP/OT-Flow) exported as
JSON: the bare state_dict { "A": …, "c.weight": …, "c.bias": …, "w.weight": …, "N.layers.0.weight": …, … } or
{ "config": {…}, "state_dict": {…} }. d, m, nTh and r are read off the shapes. The objective weights alph are kept
in the model's metadata (from the file's config, or --alph) so that "otflow eval" can report J.

Export from Python:
  import json, torch
  sd = torch.load('model.pth', map_location='cpu')['state_dict']
  json.dump({k: v.tolist() for k, v in sd.items()}, open('state_dict.json', 'w'))

Examples:
  otflow import-reference state_dict.json --out reference.json --alph 1,30,15
  otflow density reference.json --input points.csv`,
  positionals: [{ name: 'state_dict.json', description: 'The reference weights as JSON.', required: true }],
  options: {
    out: { type: 'string', short: 'o', valueName: 'model.json', description: 'Where to write the model file.' },
    alph: { type: 'string', valueName: 'L,C,R', description: 'Objective weights to record for evaluation.', defaultText: "the file's config.alph" },
  },
  async run(args, context) {
    const source = args.positionals[0];
    const out = requiredString(args, 'out', 'model.json');
    if (!/\.json$/i.test(out)) throw new UsageError(`--out ${out}: a model file is JSON; name it *.json`);
    const alphFlag = numberListOption(args, 'alph', 3, '1,30,15');
    const target = await checkOutputPath(out, '--out');
    const file = await readJson(source);
    const potential = importReferenceStateDict(file);
    const alph = alphFlag ?? configAlph(file);
    try {
      await saveModelFile(target, potential, {
        training: {
          importedFrom: basename(source),
          source: 'reference PyTorch implementation (EmoryMLIP/OT-Flow)',
          alph,
          createdAt: new Date().toISOString(),
          otflowVersion: OTFLOW_VERSION,
        },
      });
      const { d, m, nTh, r } = potential.config;
      context.stderr.write(
        `Imported a potential with d = ${d}, m = ${m}, nTh = ${nTh}, r = ${r} (${potential.parameterCount} parameters) to ${displayPath(target)}.\n`,
      );
    } finally {
      potential.dispose();
    }
    return 0;
  },
};
