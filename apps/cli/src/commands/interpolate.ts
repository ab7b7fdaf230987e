import { saveNpy } from '@otflow/datasets/node';
import { UsageError, type Command } from '../cli/command';
import { displayPath } from '../cli/display-path';
import { integerOption, requiredString, stringOption } from '../cli/option-values';
import { checkOutputPath } from '../cli/output-path';
import { readGrayPng, writeImageGrid } from '../images/image-png';
import { openImageModel } from '../model/load-image-model';

export const interpolateCommand: Command = {
  name: 'interpolate',
  summary: 'Interpolate between two images through an image model\'s Gaussian space; writes a PNG strip.',
  help: `Usage: otflow interpolate <a.png> <b.png> --model digits.json [--steps 10] [--out path.png] [--npy path.npy] [--nt K]

Encodes both images (encoder, latent standardization, flow forward: t = 0 → 1), walks the straight line between their
Gaussian codes in --steps images (both ends included), and decodes each (flow inverse, decoder), as the OT-Flow
authors' interpMnist.py does. The images must be grayscale (colour is converted) PNGs of the model's size (28 × 28
for MNIST), white digits on black.

Examples:
  otflow interpolate three.png eight.png --model digits.json --out three-to-eight.png
  otflow interpolate a.png b.png --model mnist.json --steps 6 --nt 16 --npy path.npy`,
  positionals: [
    { name: 'a.png', description: 'The image to start from.', required: true },
    { name: 'b.png', description: 'The image to end at.', required: true },
  ],
  options: {
    model: { type: 'string', short: 'm', valueName: 'model.json', description: 'An image model file.' },
    steps: { type: 'string', valueName: 'count', description: 'Images along the path, both ends included (≥ 2).', defaultText: '10' },
    out: { type: 'string', short: 'o', valueName: 'path.png', description: 'The path as one PNG strip.', defaultText: 'interpolation.png' },
    npy: { type: 'string', valueName: 'file.npy', description: 'Also write the images as .npy (steps × pixels).' },
    nt: { type: 'string', valueName: 'steps', description: 'RK4 steps each way.', defaultText: "the model's" },
  },
  async run(args, context) {
    const [first, second] = args.positionals;
    const modelPath = requiredString(args, 'model', 'digits.json');
    const steps = integerOption(args, 'steps', 2) ?? 10;
    const nt = integerOption(args, 'nt');
    const out = stringOption(args, 'out') ?? 'interpolation.png';
    if (!/\.png$/i.test(out)) throw new UsageError(`--out ${out}: the path is written as a PNG; name it *.png`);
    const npy = stringOption(args, 'npy');
    if (npy !== undefined && !/\.npy$/i.test(npy)) throw new UsageError(`--npy ${npy}: name the file *.npy`);
    const targets = { png: await checkOutputPath(out, '--out'), npy: npy === undefined ? undefined : await checkOutputPath(npy, '--npy') };
    const imageFlow = await openImageModel(modelPath, context, 'interpolate');
    try {
      const { width, height } = imageFlow.image;
      const a = await readGrayPng(first, width, height);
      const b = await readGrayPng(second, width, height);
      const path = await imageFlow.interpolate(a, b, { steps, nt });
      await writeImageGrid(targets.png, path, { rows: 1, cols: steps, scale: 3 });
      if (targets.npy !== undefined) await saveNpy(targets.npy, { data: path.data, rows: path.count, cols: width * height });
      context.stderr.write(`Wrote ${steps} images from ${first} to ${second} to ${[targets.png, targets.npy].filter((t) => t !== undefined).map((t) => displayPath(t as string)).join(' and ')}.\n`);
      return 0;
    } finally {
      imageFlow.dispose();
    }
  },
};
