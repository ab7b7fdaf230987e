import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importReferenceCheckpoint, importReferenceStateDict, readTorchCheckpoint, type Potential, type ReferenceCheckpointImport } from '@otflow/model';
import { saveModelFile } from '@otflow/model/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { numberListOption, requiredString } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { OTFLOW_VERSION } from '../version';

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`File not found: ${path}`);
    throw new Error(`Could not read ${path}: ${(error as Error).message}`);
  }
}

function parseJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); export the state_dict with json.dump, or give the .pth file itself.`);
  }
}

/** A JSON file starts with "{" (after any whitespace); anything else is read as a torch checkpoint. */
function looksLikeJson(bytes: Uint8Array): boolean {
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  return first === 0x7b;
}

/** The weights in `path`: a torch checkpoint of the authors' code (.pth, either torch format) or a JSON state_dict. */
async function readReference(
  path: string,
): Promise<{ potential: Potential; alph: number[] | undefined; ntVal: number | undefined; image: ReferenceCheckpointImport['image'] }> {
  const bytes = await readBytes(path);
  if (looksLikeJson(bytes)) {
    const file = parseJson(bytes, path);
    return { potential: importReferenceStateDict(file), alph: configAlph(file), ntVal: undefined, image: null };
  }
  // readTorchCheckpoint names the file in its messages; the import's messages get it here.
  const checkpoint = readTorchCheckpoint(bytes, path);
  let imported: ReferenceCheckpointImport;
  try {
    imported = importReferenceCheckpoint(checkpoint.value);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const ntVal = imported.args?.nt_val;
  return { potential: imported.potential, alph: imported.alph ?? undefined, ntVal: typeof ntVal === 'number' ? ntVal : undefined, image: imported.image };
}

/** The alph stored next to a wrapped state_dict ({ config: { alph }, state_dict }), if any. */
function configAlph(file: unknown): number[] | undefined {
  const alph = (file as { config?: { alph?: unknown } } | null)?.config?.alph;
  return Array.isArray(alph) && alph.length === 3 && alph.every((v) => typeof v === 'number') ? alph : undefined;
}

export const importReferenceCommand: Command = {
  name: 'import-reference',
  summary: "Convert the reference PyTorch implementation's checkpoint (.pth) or weights (JSON) to an otflow model file.",
  help: `Usage: otflow import-reference <checkpoint.pth|state_dict.json> --out model.json [--alph L,C,R]

Reads a checkpoint of the authors' PyTorch code (github.com/EmoryMLIP/OT-Flow) directly, without Python: a .pth
written by torch.save in either format (the zip archive of torch ≥ 1.6 or the legacy format of their torch 1.4),
holding { args, state_dict } or, from trainMnistOTflow.py, { args, state_dict, autoencoder }. An MNIST checkpoint
becomes one image model file: the potential, the latent normalization (code − mu)/(std + eps), the autoencoder and
the authors' pixel normalization (0.1307, 0.3081); "otflow sample", "interpolate" and "eval" then use it.

JSON works too: the bare state_dict { "A": …, "c.weight": …, "c.bias": …, "w.weight": …, "N.layers.0.weight": …, … }
or { "config": {…}, "state_dict": {…} }. d, m, nTh and r are read off the shapes. The objective weights alph are
kept in the model's metadata (from the checkpoint's args or the file's config, or --alph) so that "otflow eval" can
report J.

Examples:
  otflow import-reference pretrained_interp_mnist_checkpt.pth --out mnist-reference.json
  otflow import-reference state_dict.json --out reference.json --alph 1,30,15
  otflow density reference.json --input points.csv`,
  positionals: [{ name: 'checkpoint', description: 'The reference checkpoint (.pth) or weights as JSON.', required: true }],
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
    const { potential, alph: fileAlph, ntVal, image } = await readReference(source);
    const alph = alphFlag ?? fileAlph;
    try {
      await saveModelFile(target, potential, {
        normalization: image?.normalization ?? null,
        autoencoder: image?.autoencoder ?? null,
        image: image?.spec ?? null,
        training: {
          importedFrom: basename(source),
          source: 'reference PyTorch implementation (EmoryMLIP/OT-Flow)',
          alph,
          // The checkpoint's own validation steps (16 for the authors' MNIST); eval defaults to a model's ntVal.
          settings: ntVal === undefined ? undefined : { ntVal },
          latentEps: image?.eps,
          createdAt: new Date().toISOString(),
          otflowVersion: OTFLOW_VERSION,
        },
      });
      const { d, m, nTh, r } = potential.config;
      const what = image === null ? 'a potential' : `an image model (${image.spec.width} × ${image.spec.height} images, autoencoder 784 → ${d} → 784) with a potential`;
      context.stderr.write(
        `Imported ${what} with d = ${d}, m = ${m}, nTh = ${nTh}, r = ${r} (${potential.parameterCount} parameters) to ${displayPath(target)}.\n`,
      );
    } finally {
      potential.dispose();
    }
    return 0;
  },
};
