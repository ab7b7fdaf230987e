import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, finished, makeTempFolder, otflow, removeFolder, startOtflow } from './otflow-process';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/torch/mnist-legacy.pth', import.meta.url));

/** An image run small enough for a test: seconds, not minutes. */
const TINY_IMAGE_RUN = [
  'train', 'mnist', '--latent', '4', '--ae-iters', '12', '--ae-batch', '64', '--iters', '16', '--m', '4', '--nt', '2',
  '--nt-val', '2', '--batch', '32', '--val-size', '64', '--val-every', '4', '--seed', '2',
];

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('images');
});
afterAll(() => removeFolder(folder));

/** A 28 × 28 PNG: a bright bar in a given column, on black. */
async function barPng(name: string, column: number, size = 28): Promise<string> {
  const canvas = createCanvas(size, size);
  const context = canvas.getContext('2d');
  context.fillStyle = 'black';
  context.fillRect(0, 0, size, size);
  context.fillStyle = 'white';
  context.fillRect(column, 4, 4, 20);
  await writeFile(join(folder, name), await canvas.encode('png'));
  return name;
}

async function pngSize(name: string): Promise<[number, number]> {
  const image = await loadImage(await readFile(join(folder, name)));
  return [image.width, image.height];
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resume) => setTimeout(resume, 10));
  }
}

describe('otflow train mnist --help', () => {
  it('documents every option, and train --help lists the subcommand', async () => {
    const { trainMnistCommand } = await import('../src/commands/train-mnist');
    const [own, parent] = await Promise.all([otflow(['train', 'mnist', '--help'], folder), otflow(['train', '--help'], folder)]);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: otflow train mnist/);
    for (const name of Object.keys(trainMnistCommand.options)) expect(own.stdout).toContain(`--${name}`);
    expect(parent.stdout).toMatch(/Subcommands:\n\s+train mnist\s+Train an image model/);
    const mistake = await otflow(['train', 'mnist', '--dta', 'x'], folder);
    expect(mistake.code).toBe(2);
    expect(mistake.stderr).toContain('otflow train mnist: unknown option --dta');
  });
});

describe('image models on the command line', () => {
  beforeAll(async () => {
    const run = await otflow([...TINY_IMAGE_RUN, '--out', 'tiny.json'], folder);
    expect(run.stderr).toContain('Autoencoder phase: 784 → 4 on 8000 images.');
    expect(run.code).toBe(0);
  });

  it('train mnist writes one model file (flow, latent normalization, autoencoder, image spec) and both histories', async () => {
    const file = JSON.parse(await readFile(join(folder, 'tiny.json'), 'utf8'));
    expect(file).toMatchObject({ version: 2, config: { d: 4, m: 4 }, image: { width: 28, height: 28, decoderOutput: 'pixels' } });
    expect(file.autoencoder.config).toEqual({ inputSize: 784, hidden: [], latentSize: 4, latentActivation: 'identity' });
    expect(file.normalization.std).toHaveLength(4);
    const history = JSON.parse(await readFile(join(folder, 'tiny.history.json'), 'utf8'));
    expect(history.autoencoder.iterations).toHaveLength(12);
    expect(history.flow.iterations).toHaveLength(16);
    expect(existsSync(join(folder, 'tiny.ckpt.json'))).toBe(false);
  });

  it('sample writes a PNG grid and the images as .npy', async () => {
    const result = await otflow(['sample', '--model', 'tiny.json', '--grid', '3x4', '--out', 'grid.png', '--npy', 'grid.npy', '--nt', '2'], folder);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Wrote 12 sampled 28 × 28 images to grid.png and grid.npy');
    // 4 columns of 56-pixel tiles with 2-pixel gaps, 3 rows.
    expect(await pngSize('grid.png')).toEqual([4 * 56 + 5 * 2, 3 * 56 + 4 * 2]);
    const npy = await readFile(join(folder, 'grid.npy'));
    expect(npy.toString('latin1', 0, 128)).toMatch(/'shape':\s*\(12,\s*784\)/);
  });

  it('interpolate writes a strip between two PNG images', async () => {
    const [a, b] = [await barPng('a.png', 4), await barPng('b.png', 20)];
    const result = await otflow(['interpolate', a, b, '--model', 'tiny.json', '--steps', '5', '--out', 'path.png', '--nt', '2'], folder);
    expect(result.code).toBe(0);
    expect(await pngSize('path.png')).toEqual([5 * 84 + 6 * 3, 84 + 2 * 3]);
  });

  it('eval reports the latent NLL, bits per dimension and the reconstruction error on held-out digits', async () => {
    const result = await otflow(['eval', '--model', 'tiny.json', '-n', '100', '--samples', '20', '--json'], folder);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ images: 100, latentSize: 4, nt: 2, reconstructionTarget: 'pixels', data: 'held-out built-in digits' });
    expect(report.latentBitsPerDimension).toBeCloseTo(report.latentNll.mean / (4 * Math.LN2), 10);
    expect(report.reconstructionMse).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/latent NLL\s+\S+ ± \S+ nats/);
    // 1-NN labels for 20 samples against the 100 labelled test digits.
    expect(report.sampleClasses.samples).toBe(20);
    expect(report.sampleClasses.counts.reduce((a: number, b: number) => a + b, 0)).toBe(20);
    expect(result.stderr).toMatch(/sample classes\s+\d+ found among 20 samples by 1-NN/);
  });

  it('import-reference reads an MNIST checkpoint of the authors\' format (.pth) into an image model that samples', async () => {
    const result = await otflow(['import-reference', FIXTURE, '--out', 'reference.json'], folder);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Imported an image model (28 × 28 images, autoencoder 784 → 4 → 784) with a potential with d = 4, m = 6');
    const file = JSON.parse(await readFile(join(folder, 'reference.json'), 'utf8'));
    expect(file.image).toEqual({ width: 28, height: 28, channels: 1, pixelNormalization: { mean: 0.1307, std: 0.3081 }, decoderOutput: 'normalized-pixels' });
    expect(file.training).toMatchObject({ alph: [1, 80, 500], settings: { ntVal: 16 } });
    const sample = await otflow(['sample', '--model', 'reference.json', '--grid', '2x2', '--out', 'reference.png'], folder);
    expect(sample.code).toBe(0);
  });

  it('says what is wrong with bad image input', async () => {
    await writeFile(join(folder, 'not.png'), 'P5 28 28 255');
    const [ok, big] = [await barPng('ok.png', 8), await barPng('big.png', 8, 32)];
    const cases: [string[], number, string][] = [
      [['interpolate', 'not.png', ok, '--model', 'tiny.json'], 1, 'not.png is not a PNG file (it lacks the PNG signature)'],
      [['interpolate', big, ok, '--model', 'tiny.json'], 1, 'big.png is 32 × 32 pixels; this model takes 28 × 28 images'],
      [['interpolate', 'missing.png', ok, '--model', 'tiny.json'], 1, 'Image not found: missing.png.'],
      [['interpolate', ok, ok, '--model', 'tiny.json', '--steps', '1'], 2, '--steps must be an integer ≥ 2, got "1"'],
      [['sample', '--model', 'tiny.json', '--grid', '3by3', '--out', 'x.png'], 2, '--grid must be ROWSxCOLS such as 10x10'],
      [['sample', '--model', 'tiny.json', '-n', '5'], 2, '--out is required for an image model'],
      [['train', 'mnist', '--latent', '0', '--out', 'never.json'], 2, '--latent must be a positive integer, got "0"'],
      [['train', 'mnist', '--ae-lr-drop-every', '-1', '--out', 'never.json'], 2, '--ae-lr-drop-every must be an integer ≥ 0, got "-1"'],
      [['train', 'mnist', '--hidden', '12,x', '--out', 'never.json'], 2, '--hidden must be 2 comma-separated numbers'],
      [['train', 'mnist', '--resume', 'tiny.json'], 1, 'tiny.json is not an otflow image training checkpoint'],
    ];
    // Independent processes: run them side by side.
    const results = await Promise.all(cases.map(([args]) => otflow(args, folder)));
    cases.forEach(([args, code, message], k) => {
      expect(results[k].stderr, args.join(' ')).toContain(message);
      expect(results[k].code, args.join(' ')).toBe(code);
    });
  });

  it('refuses image commands on a flow on points', async () => {
    const trained = await otflow(['train', '--data', 'moons', '--iters', '2', '--m', '4', '--nt', '2', '--nt-val', '2', '--batch', '32', '--val-size', '32', '--out', 'moons.json'], folder);
    expect(trained.code).toBe(0);
    const interpolate = await otflow(['interpolate', 'ok.png', 'ok.png', '--model', 'moons.json'], folder);
    expect(interpolate.stderr).toContain('moons.json is a flow on 2-dimensional points, not an image model (it has no autoencoder)');
    const sample = await otflow(['sample', '--model', 'moons.json', '--grid', '2x2', '--out', 'm.png'], folder);
    expect(sample.code).toBe(2);
    expect(sample.stderr).toContain('--grid needs an image model; moons.json is a flow on 2-dimensional points');
  });
});

describe('otflow train mnist: an interrupted run resumes to the same model', () => {
  it('in the flow phase, after Ctrl-C', async () => {
    const child = startOtflow([...TINY_IMAGE_RUN, '--iters', '60', '--out', 'stopped.json', '--checkpoint-every', '2'], folder);
    const result = finished(child);
    await waitFor(() => existsSync(join(folder, 'stopped.ckpt.json')) && JSON.parse(readFileSafe(join(folder, 'stopped.ckpt.json'))).phase === 'flow', 'a flow-phase checkpoint');
    child.kill('SIGINT');
    const stopped = await result;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Interrupted in the flow phase after iteration \d+; checkpoint saved to stopped\.ckpt\.json\. Resume with: otflow train mnist --resume stopped\.ckpt\.json/);
    const resumed = await otflow(['train', 'mnist', '--resume', 'stopped.ckpt.json'], folder);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/Flow phase: resuming at iteration \d+ of 60\./);
    expect(existsSync(join(folder, 'stopped.ckpt.json'))).toBe(false);
  });

  it('in the autoencoder phase, after SIGKILL, to the same weights as an uninterrupted run', async () => {
    const run = [...TINY_IMAGE_RUN, '--ae-iters', '40', '--checkpoint-every', '2'];
    const straight = await otflow([...run, '--out', 'ae-straight.json'], folder);
    expect(straight.code).toBe(0);
    const child = startOtflow([...run, '--out', 'ae-killed.json'], folder);
    const result = finished(child);
    await waitFor(() => existsSync(join(folder, 'ae-killed.ckpt.json')), 'an autoencoder checkpoint');
    child.kill('SIGKILL');
    await result;
    const resumed = await otflow(['train', 'mnist', '--resume', 'ae-killed.ckpt.json'], folder);
    expect(resumed.code).toBe(0);
    const [a, b] = await Promise.all(['ae-straight.json', 'ae-killed.json'].map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8'))));
    expect(b.autoencoder.weights).toEqual(a.autoencoder.weights);
    expect(b.weights).toEqual(a.weights);
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '{}';
  }
}
