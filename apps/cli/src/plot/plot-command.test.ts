import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFileToJSON, Potential, serializeModel } from '@otflow/model';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CommandContext, type OptionValues } from '../cli/command';
import { plotCommand } from '../commands/plot';

const folder = mkdtempSync(join(tmpdir(), 'otflow-plot-command-'));
const modelPath = join(folder, 'model.json');
let messages: string[] = [];

function context(): CommandContext {
  messages = [];
  const stream = { write: (text: string) => messages.push(text) } as unknown as NodeJS.WriteStream;
  return { stderr: stream, stdout: stream, signal: new AbortController().signal, verbose: false, backend: tf.getBackend() as 'wasm' | 'cpu' };
}

function run(options: OptionValues, positionals: string[] = []): Promise<number | void> {
  return plotCommand.run({ options, positionals }, context());
}

const iteration = (i: number) => ({ iteration: i, objective: 10 / i, transportCost: 1 / i, nll: 2 + 1 / i, hjb: 0.5 / i, learningRate: 0.05 });
const validation = (i: number) => ({ iteration: i, objective: 10 / i, transportCost: 1 / i, nll: 2.1 + 1 / i, hjb: 0.5 / i });

beforeAll(() => {
  const potential = new Potential({ d: 2, m: 8, seed: 2 });
  writeFileSync(modelPath, modelFileToJSON(serializeModel(potential, { normalization: { mean: [0.5, 0.2], std: [1, 0.8] } })));
  potential.dispose();
  // Where otflow train writes it: model.json → model.history.json.
  writeFileSync(join(folder, 'model.history.json'), JSON.stringify({ iterations: [1, 2, 3, 4].map(iteration), validations: [2, 4].map(validation) }));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('otflow plot', () => {
  it('writes every model figure for a toy dataset and says where', async () => {
    const out = join(folder, 'fig.png');
    const code = await run({ model: modelPath, out, data: 'moons', n: '200', nt: '2', seed: '1' });
    expect(code).toBe(0);
    const expected = ['density', 'samples', 'trajectories'].map((kind) => join(folder, `fig-${kind}.png`));
    expect(expected.every((path) => existsSync(path))).toBe(true);
    expect(messages.map((line) => line.trim().split(' ')[0])).toEqual(['Wrote', 'Wrote', 'Wrote']);
    expect(messages.every((line, i) => expected[i].endsWith(line.trim().slice('Wrote '.length)))).toBe(true);
  });

  it('reads the history otflow train writes beside the model for --kind loss', async () => {
    const out = join(folder, 'loss.png');
    await run({ kind: 'loss', model: modelPath, out });
    expect(existsSync(out)).toBe(true);
  });

  it('reads the history inside trainer and run checkpoints, with null costs of a diverged step', async () => {
    const history = { iterations: [1, 2, 3].map(iteration), validations: [] };
    const files = {
      'trainer.ckpt.json': { format: 'otflow-checkpoint', best: null, history },
      'run.ckpt.json': { format: 'otflow-training-run', plan: {}, trainer: { best: null, history } },
    };
    for (const [name, content] of Object.entries(files)) {
      const checkpoint = join(folder, name);
      writeFileSync(checkpoint, JSON.stringify(content).replace('"nll":2.5', '"nll":null'));
      const out = join(folder, `${name}.png`);
      await run({ kind: 'loss', history: checkpoint, out });
      expect(existsSync(out)).toBe(true);
    }
  });

  it('reads data from a CSV file and checks its width against the model', async () => {
    const csv = join(folder, 'points.csv');
    writeFileSync(csv, 'a,b,c\n1,2,3\n4,5,6\n');
    await expect(run({ model: modelPath, out: join(folder, 'csv.png'), kind: 'samples', data: csv })).rejects.toThrow(
      /has 3 columns but the model .* is 2-dimensional/,
    );
  });

  it('answers bad flags with usage errors', async () => {
    const out = join(folder, 'x.png');
    const cases: [OptionValues, RegExp][] = [
      [{ model: modelPath }, /--out is required/],
      [{ model: modelPath, out: join(folder, 'x.svg') }, /--out must name a \.png file/],
      [{ out }, /which model\? Pass the model file as the first argument \(otflow plot model\.json …\) or with --model/],
      [{ model: modelPath, out, n: '2.5' }, /-n must be a positive integer, got "2\.5"/],
      [{ model: modelPath, out, n: '300000' }, /-n must be at most 200000/],
      [{ model: modelPath, out, seed: '-1' }, /--seed must be an integer ≥ 0/],
      [{ model: modelPath, out, kind: 'pdf' }, /--kind must be one of density, samples, trajectories, all, loss/],
      [{ model: modelPath, out, data: 'spiral' }, /--data must be a toy density \(8gaussians, .*\) or a \.csv or \.npy file, got "spiral"/],
      [{ kind: 'loss', out }, /--kind loss needs --history/],
    ];
    for (const [options, message] of cases) {
      const attempt = run(options);
      await expect(attempt).rejects.toBeInstanceOf(UsageError);
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(run({ model: modelPath, out }, ['other.json'])).rejects.toThrow(/two model files given \(other\.json and --model .*\): pass one/);
  });

  it('reports missing files as failures that name them', async () => {
    const out = join(folder, 'x.png');
    const missingModel = run({ model: join(folder, 'nope.json'), out });
    await expect(missingModel).rejects.not.toBeInstanceOf(UsageError);
    await expect(missingModel).rejects.toThrow(/Model file not found: .*nope\.json/);
    await expect(run({ kind: 'loss', history: join(folder, 'none.json'), out })).rejects.toThrow(/Training history not found: .*none\.json/);
    writeFileSync(join(folder, 'odd.json'), '{"runs": []}');
    await expect(run({ kind: 'loss', history: join(folder, 'odd.json'), out })).rejects.toThrow(/holds no training history/);
    await expect(run({ kind: 'loss', model: join(folder, 'other.json'), out })).rejects.toThrow(/No training history beside .*other\.json/);
    await expect(run({ model: modelPath, out: join(folder, 'missing', 'x.png') })).rejects.toThrow(/the folder .*missing does not exist/);
  });
});
