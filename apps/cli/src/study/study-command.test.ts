import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../cli/command';
import { studyCommand } from '../commands/study';

function capture(): { context: CommandContext; stderr: () => string } {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  const context: CommandContext = { stderr: stream, stdout: stream, signal: new AbortController().signal, verbose: false, backend: 'wasm' };
  return { context, stderr: () => text };
}

const TINY = { iters: '4', batch: '64', m: '6', nt: '2', 'nt-test': '2', 'test-size': '128' };

describe('otflow study', () => {
  const folders: string[] = [];
  afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('alpha: writes results, table and figures for each α, and a rerun skips the finished runs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    const args = { positionals: ['alpha'], options: { ...TINY, alphas: '1,100', out } };
    const first = capture();
    expect(await studyCommand.run(args, first.context)).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.runs.map((run: { alphaC: number }) => run.alphaC)).toEqual([1, 100]);
    for (const run of results.runs) {
      expect(run.halfW2Squared).toBeGreaterThan(0);
      expect(Number.isFinite(run.transportCost) && Number.isFinite(run.klGap) && Number.isFinite(run.mapError)).toBe(true);
    }
    const table = await readFile(join(out, 'table.md'), 'utf8');
    expect(table).toMatch(/\| model \| α_C \| L \|/);
    expect(table.split('\n').filter((line) => line.startsWith('| potential |'))).toHaveLength(2);
    for (const png of ['figure.png', 'trajectories.png']) expect((await stat(join(out, png))).size).toBeGreaterThan(1000);

    const second = capture();
    expect(await studyCommand.run(args, second.context)).toBe(0);
    expect(second.stderr()).toMatch(/α_C = 1: already in .*skipped/);
    expect(second.stderr()).toMatch(/α_C = 100: already in .*skipped/);
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).runs).toEqual(results.runs);
  });

  it('refuses to resume from results of other settings', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    expect(await studyCommand.run({ positionals: ['alpha'], options: { ...TINY, alphas: '1', out } }, capture().context)).toBe(0);
    await expect(studyCommand.run({ positionals: ['alpha'], options: { ...TINY, alphas: '3', out } }, capture().context)).rejects.toThrow(
      /different study or settings/,
    );
  });

  it('samples: trains on fixed sets of N points and reports training J, test J and their gap', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    expect(await studyCommand.run({ positionals: ['samples'], options: { ...TINY, sizes: '16,96', out } }, capture().context)).toBe(0);
    const { runs } = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(runs.map((run: { n: number }) => run.n)).toEqual([16, 96]);
    for (const run of runs) expect(run.generalizationGap).toBeCloseTo(run.testObjective - run.trainObjective, 10);
    expect((await stat(join(out, 'figure.png'))).size).toBeGreaterThan(1000);
    expect(await readFile(join(out, 'table.md'), 'utf8')).toMatch(/\| model \| N \| training J \| test J \| gap \|/);
  });

  it('names the studies when given an unknown one', async () => {
    await expect(studyCommand.run({ positionals: ['beta'], options: {} }, capture().context)).rejects.toThrow(/alpha, samples; got "beta"/);
  });
});
