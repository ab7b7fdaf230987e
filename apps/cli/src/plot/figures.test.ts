import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { sampleToy } from '@otflow/datasets';
import { Potential } from '@otflow/model';
import { Flow } from '@otflow/runtime';
import type { IterationRecord, ValidationRecord } from '@otflow/train';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLossCurves, writeModelFigures } from './figures';

const folder = mkdtempSync(join(tmpdir(), 'otflow-plot-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A small random 2-D flow with a standardization, so that data units differ from model units. */
function smallFlow(d = 2): Flow {
  const normalization = { mean: Array.from({ length: d }, (_, j) => 0.5 - j), std: Array.from({ length: d }, () => 1.5) };
  return new Flow(new Potential({ d, m: 8, seed: 1 }), normalization, null, 4);
}

/** Width, height and the variance of the grey level over all pixels (0 for a blank image). */
async function inspectPng(path: string): Promise<{ width: number; height: number; variance: number }> {
  const image = await loadImage(readFileSync(path));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let sum = 0;
  let squares = 0;
  const count = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const grey = (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3;
    sum += grey;
    squares += grey * grey;
  }
  return { width: image.width, height: image.height, variance: squares / count - (sum / count) ** 2 };
}

function fakeHistory(iterations: number): { iterations: IterationRecord[]; validations: ValidationRecord[] } {
  const records: IterationRecord[] = [];
  const validations: ValidationRecord[] = [];
  for (let i = 1; i <= iterations; i++) {
    const decay = Math.exp(-i / 60);
    const record = { iteration: i, objective: 40 * decay + 3, transportCost: 2 * decay + 0.5, nll: 3 * decay + 1.2, hjb: 5 * decay + 0.001 };
    records.push({ ...record, learningRate: i > iterations / 2 ? 0.025 : 0.05 });
    if (i % 50 === 0) validations.push({ ...record, nll: record.nll + 0.1 });
  }
  return { iterations: records, validations };
}

describe('writeModelFigures', () => {
  const data = sampleToy('moons', 600, 7);
  const options = { n: 300, resolution: 40, seed: 3 };

  it("writes one file per figure for kind 'all', named after outPath, at their sizes and not blank", async () => {
    const flow = smallFlow();
    const before = tf.memory().numTensors;
    const paths = await writeModelFigures(flow, join(folder, 'fig.png'), { kind: 'all', data, ...options });
    expect(tf.memory().numTensors).toBe(before);
    expect(paths).toEqual(['fig-density.png', 'fig-samples.png', 'fig-trajectories.png'].map((name) => join(folder, name)));
    const sizes = [];
    for (const path of paths) {
      const { width, height, variance } = await inspectPng(path);
      sizes.push([width, height]);
      expect(variance).toBeGreaterThan(100);
    }
    expect(sizes).toEqual([
      [1328, 1244],
      [1936, 2044],
      [1320, 1472],
    ]);
    flow.dispose();
  });

  it('is deterministic for a seed, and the seed changes the samples', async () => {
    const flow = smallFlow();
    const render = async (name: string, seed: number): Promise<Buffer> => {
      const [path] = await writeModelFigures(flow, join(folder, name), { kind: 'samples', data, n: 300, seed });
      return readFileSync(path);
    };
    const first = await render('a.png', 5);
    const again = await render('b.png', 5);
    const otherSeed = await render('c.png', 6);
    expect(again.equals(first)).toBe(true);
    expect(otherSeed.equals(first)).toBe(false);
    flow.dispose();
  });

  it('leaves the caller data untouched (the flow standardizes its own copy)', async () => {
    const flow = smallFlow();
    const small = sampleToy('moons', 200, 8);
    const copy = small.data.slice();
    await writeModelFigures(flow, join(folder, 'untouched.png'), { kind: 'samples', data: small, n: 200 });
    await writeModelFigures(flow, join(folder, 'untouched.png'), { kind: 'trajectories', data: small, particles: 50 });
    expect(small.data).toEqual(copy);
    flow.dispose();
  });

  it('shows generated samples alone without data, and inverse trajectories', async () => {
    const flow = smallFlow();
    const [samples] = await writeModelFigures(flow, join(folder, 'alone.png'), { kind: 'samples', n: 200 });
    const [paths] = await writeModelFigures(flow, join(folder, 'inverse.png'), { kind: 'trajectories', particles: 40 });
    expect(await inspectPng(samples)).toMatchObject({ width: 984, height: 1076 });
    expect((await inspectPng(paths)).variance).toBeGreaterThan(100);
    flow.dispose();
  });

  it('draws a scatter matrix for d > 2 and has no density figure there', async () => {
    const flow = smallFlow(3);
    const paths = await writeModelFigures(flow, join(folder, 'wide.png'), { kind: 'all', n: 200, particles: 30 });
    expect(paths).toEqual([join(folder, 'wide-samples.png'), join(folder, 'wide-trajectories.png')]);
    expect((await inspectPng(paths[0])).variance).toBeGreaterThan(100);
    await expect(writeModelFigures(flow, join(folder, 'wide.png'), { kind: 'density' })).rejects.toThrow(/needs a 2-D model, but this model has d = 3/);
    flow.dispose();
  });

  it('rejects bad arguments with messages that name them', async () => {
    const flow = smallFlow();
    await expect(writeModelFigures(flow, join(folder, 'fig.jpg'), { kind: 'samples' })).rejects.toThrow(/outPath must be a file name ending in \.png/);
    await expect(writeModelFigures(flow, join(folder, 'fig.png'), { kind: 'heat' as never })).rejects.toThrow(/options\.kind must be one of/);
    await expect(writeModelFigures(flow, join(folder, 'fig.png'), { kind: 'samples', n: 0 })).rejects.toThrow(/options\.n must be an integer from 1/);
    const wide = sampleToy('moons', 10, 1);
    await expect(writeModelFigures(flow, join(folder, 'fig.png'), { kind: 'samples', data: { ...wide, cols: 5, rows: 4 } })).rejects.toThrow(
      /5 columns but the model is 2-dimensional/,
    );
    flow.dispose();
  });
});

describe('writeLossCurves', () => {
  it('draws the six panels, deterministically', async () => {
    const history = fakeHistory(300);
    const first = join(folder, 'loss-a.png');
    const second = join(folder, 'loss-b.png');
    await writeLossCurves(first, history, { title: 'test run' });
    await writeLossCurves(second, history, { title: 'test run' });
    expect(await inspectPng(first)).toMatchObject({ width: 2464, height: 1384 });
    expect((await inspectPng(first)).variance).toBeGreaterThan(100);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it('plots a diverged run (NaN costs) and a run without validations', async () => {
    const history = fakeHistory(20);
    history.iterations[10] = { ...history.iterations[10], objective: Number.NaN, nll: Number.NaN };
    const path = join(folder, 'loss-nan.png');
    await writeLossCurves(path, { iterations: history.iterations, validations: [] });
    expect((await inspectPng(path)).variance).toBeGreaterThan(100);
  });

  it('rejects an empty history and malformed records', async () => {
    const path = join(folder, 'loss.png');
    await expect(writeLossCurves(path, { iterations: [], validations: [] })).rejects.toThrow(/no iteration records/);
    const broken = fakeHistory(3);
    (broken.iterations[1] as unknown as Record<string, unknown>).hjb = 'high';
    await expect(writeLossCurves(path, broken)).rejects.toThrow(/history\.iterations\[1\]\.hjb must be a number, got "high"/);
  });
});
