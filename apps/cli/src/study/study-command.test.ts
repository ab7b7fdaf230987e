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

// One thread: these tests are about the studies; worker threads are tested with the trainer.
const TINY = { iters: '4', batch: '64', m: '6', nt: '2', 'nt-test': '2', 'test-size': '128', workers: '1' };

describe('otflow study', () => {
  const folders: string[] = [];
  afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('alpha: trains both model kinds for each α, writes results, table and figures, and a rerun skips finished runs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    const args = { positionals: ['alpha'], options: { ...TINY, alphas: '1,100', out } };
    const first = capture();
    expect(await studyCommand.run(args, first.context)).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    const runs = results.runs as { kind: string; alphaC: number; hjb: number; model: string }[];
    expect(runs.map((run) => `${run.kind} ${run.alphaC}`)).toEqual(['potential 1', 'velocity 1', 'potential 100', 'velocity 100']);
    for (const run of results.runs) {
      expect(run.halfW2Squared).toBeGreaterThan(0);
      expect(Number.isFinite(run.transportCost) && Number.isFinite(run.klGap) && Number.isFinite(run.mapError)).toBe(true);
    }
    // klGap and klPaired differ by the test set's own deviation from the entropy: the same for every run.
    const offsets = results.runs.map((run: { klGap: number; klPaired: number }) => run.klGap - run.klPaired);
    for (const offset of offsets) expect(offset).toBeCloseTo(offsets[0], 5);
    expect(Math.abs(offsets[0])).toBeLessThan(0.2);
    // Likewise L minus its paired gap is the optimal map's cost on the test points, within the test noise of ½W₂².
    const optimalCosts = results.runs.map((run: { transportCost: number; pairedTransportGap: number; halfW2Squared: number }) => run.transportCost - run.pairedTransportGap * run.halfW2Squared);
    for (const cost of optimalCosts) expect(cost).toBeCloseTo(optimalCosts[0], 5);
    expect(Math.abs(optimalCosts[0] - results.runs[0].halfW2Squared) / results.runs[0].halfW2Squared).toBeLessThan(0.1);
    // The velocity network has no HJB term; the potential's residual is positive.
    expect(runs.filter((run) => run.kind === 'velocity').map((run) => run.hjb)).toEqual([0, 0]);
    expect(runs.find((run) => run.kind === 'potential')!.hjb).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(runs[1].model, 'utf8'))).toMatchObject({ kind: 'velocity', config: { d: 2, m: 6, nTh: 2 } });
    const table = await readFile(join(out, 'table.md'), 'utf8');
    expect(table).toMatch(/\| model \| α_C \| L \|/);
    expect(table.split('\n').filter((line) => line.startsWith('| potential |'))).toHaveLength(2);
    expect(table.split('\n').filter((line) => line.startsWith('| velocity |'))).toHaveLength(2);
    for (const png of ['figure.png', 'trajectories.png']) expect((await stat(join(out, png))).size).toBeGreaterThan(1000);

    const second = capture();
    expect(await studyCommand.run(args, second.context)).toBe(0);
    expect(second.stderr()).toMatch(/potential, α_C = 1: already in .*skipped/);
    expect(second.stderr()).toMatch(/velocity, α_C = 100: already in .*skipped/);
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).runs).toEqual(results.runs);
  });

  it('alpha: a study of one kind is extended with the other, and reports only the kinds asked for', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    const options = { ...TINY, alphas: '10', out };
    expect(await studyCommand.run({ positionals: ['alpha'], options: { ...options, 'model-kind': 'potential' } }, capture().context)).toBe(0);
    const potentialOnly = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).runs;
    expect(potentialOnly.map((run: { kind: string }) => run.kind)).toEqual(['potential']);
    const both = capture();
    expect(await studyCommand.run({ positionals: ['alpha'], options }, both.context)).toBe(0);
    expect(both.stderr()).toMatch(/potential, α_C = 10: already in .*skipped/);
    const extended = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).runs;
    expect(extended.map((run: { kind: string }) => run.kind)).toEqual(['potential', 'velocity']);
    expect(extended[0]).toEqual(potentialOnly[0]);
    const velocityOnly = capture();
    expect(await studyCommand.run({ positionals: ['alpha'], options: { ...options, 'model-kind': 'velocity' } }, velocityOnly.context)).toBe(0);
    const table = await readFile(join(out, 'table.md'), 'utf8');
    expect(table).toMatch(/\| velocity \|/);
    expect(table).not.toMatch(/\| potential \|/);
  });

  it('alpha: each α starts from the previous α\'s model unless --from-scratch, and the results say so', async () => {
    const out = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(out);
    const options = { ...TINY, alphas: '1,30', 'model-kind': 'velocity', out };
    expect(await studyCommand.run({ positionals: ['alpha'], options }, capture().context)).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.settings.continuation).toBe(true);
    // The velocity network's continued run trains with its own rate on one batch; flags (here --iters, --batch) win.
    expect(results.settings.continuedBudgets.velocity).toMatchObject({ learningRate: 0.005, resampleEvery: 4, batchSize: 64, iterations: 4 });
    // The same study without continuation: the first α starts from the seeded initialization in both, so it is
    // identical; the second differs only by its starting point (same seed, same data stream).
    const independent = await mkdtemp(join(tmpdir(), 'otflow-study-'));
    folders.push(independent);
    expect(await studyCommand.run({ positionals: ['alpha'], options: { ...options, 'from-scratch': true, out: independent } }, capture().context)).toBe(0);
    const fresh = JSON.parse(await readFile(join(independent, 'results.json'), 'utf8')).runs;
    const [first, second] = results.runs as { model: string; transportCost: number }[];
    expect(first.transportCost).toBe(fresh[0].transportCost);
    expect(second.transportCost).not.toBe(fresh[1].transportCost);
    expect(JSON.parse(await readFile(second.model, 'utf8')).training).toMatchObject({ continuation: true, budget: { learningRate: 0.005 } });
    // Its settings differ from an independent study's: the same folder is not reused for one.
    await expect(studyCommand.run({ positionals: ['alpha'], options: { ...options, 'from-scratch': true } }, capture().context)).rejects.toThrow(
      /different study or settings/,
    );
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
    expect(runs.map((run: { kind: string; n: number }) => `${run.kind} ${run.n}`)).toEqual(['potential 16', 'velocity 16', 'potential 96', 'velocity 96']);
    for (const run of runs) expect(run.generalizationGap).toBeCloseTo(run.testObjective - run.trainObjective, 10);
    expect((await stat(join(out, 'figure.png'))).size).toBeGreaterThan(1000);
    expect(await readFile(join(out, 'table.md'), 'utf8')).toMatch(/\| model \| N \| training J \| test J \| gap \|/);
  });

  it('names the studies when given an unknown one', async () => {
    await expect(studyCommand.run({ positionals: ['beta'], options: {} }, capture().context)).rejects.toThrow(/alpha, samples; got "beta"/);
  });
});
