import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeTempFolder, otflow, removeFolder, TINY_TRAINING } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('e2e');
});
afterAll(() => removeFolder(folder));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

async function csvRows(path: string): Promise<string[][]> {
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  return lines.map((line) => line.split(','));
}

describe('otflow on a toy density: train → sample → density → eval → plot', () => {
  it('trains, then every command uses the model it saved', async () => {
    const train = await otflow(['train', '--data', 'moons', ...TINY_TRAINING, '--iters', '20', '--out', 'moons.json', '--json'], folder);
    expect(train.stderr).toContain('Model (best validated weights): moons.json');
    expect(train.code).toBe(0);
    const summary = JSON.parse(train.stdout);
    expect(summary).toMatchObject({ dataset: 'moons', d: 2, iterations: 20, stopReason: 'completed', seed: 0, backend: 'wasm' });
    expect(summary.best.iteration).toBeGreaterThan(0);
    expect(summary.settings).toMatchObject({ m: 8, nt: 2, batchSize: 64, alph: [1, 8, 1] });

    const model = JSON.parse(await readFile(join(folder, 'moons.json'), 'utf8'));
    expect(model.config).toEqual({ d: 2, m: 8, nTh: 2, r: 3 });
    expect(model.normalization).toBeNull();
    expect(model.training).toMatchObject({ dataset: 'moons', seed: 0, iterations: 20, backend: 'wasm' });
    expect(model.training.bestValidation.nll).toBeCloseTo(summary.best.nll, 10);
    expect(Date.parse(model.training.createdAt)).not.toBeNaN();
    const history = JSON.parse(await readFile(join(folder, 'moons.history.json'), 'utf8'));
    expect(history.iterations).toHaveLength(20);
    expect(history.validations.map((v: { iteration: number }) => v.iteration)).toEqual([10, 20]);

    const [sampleCsv, sampleNpy, sampleAgain] = await Promise.all([
      otflow(['sample', '--model', 'moons.json', '-n', '300', '--out', 'samples.csv', '--batch-size', '128', '--seed', '5'], folder),
      otflow(['sample', 'moons.json', '-n', '300', '--out', 'samples.npy', '--seed', '5'], folder),
      otflow(['sample', 'moons.json', '-n', '300', '--seed', '5'], folder),
    ]);
    for (const result of [sampleCsv, sampleNpy, sampleAgain]) expect(result.code).toBe(0);
    const rows = await csvRows(join(folder, 'samples.csv'));
    expect(rows[0]).toEqual(['x1', 'x2']);
    expect(rows).toHaveLength(301);
    const fromStdout = sampleAgain.stdout.trim().split('\n');
    expect(fromStdout).toHaveLength(301);
    expect(Number(fromStdout[300].split(',')[1])).toBeCloseTo(Number(rows[300][1]), 5);
    const npy = await readFile(join(folder, 'samples.npy'));
    expect(npy.subarray(1, 6).toString()).toBe('NUMPY');

    const density = await otflow(['density', 'moons.json', '--input', 'samples.csv', '--out', 'logp.csv'], folder);
    expect(density.code).toBe(0);
    const logp = (await csvRows(join(folder, 'logp.csv'))).map((row) => row[0]);
    expect(logp[0]).toBe('log_density');
    expect(logp).toHaveLength(301);
    expect(logp.slice(1).every((value) => Number.isFinite(Number(value)))).toBe(true);
    expect(density.stderr).toMatch(/300 points: NLL [\d.]+ ± [\d.]+ nats/);

    const evaluation = await otflow(['eval', 'moons.json', '-n', '400', '--mmd-n', '200', '--grid', '30', '--json', '--out', 'metrics.json'], folder);
    expect(evaluation.code).toBe(0);
    const report = JSON.parse(evaluation.stdout);
    expect(report).toMatchObject({ points: 400, nt: 2, coordinates: 'data', costs: { alph: [1, 8, 1] } });
    expect(report.nll.mean).toBeCloseTo(report.costs.C, 3);
    expect(report.costs.J).toBeCloseTo(report.costs.L + 8 * report.costs.C + report.costs.R, 6);
    expect(report.mmd).toMatchObject({ estimator: 'unbiased', testPoints: 200, samples: 200, subsample: true });
    expect(report.inverseError.mean).toBeGreaterThanOrEqual(0);
    expect(report.densityIntegral.resolution).toBe(30);
    expect(report.densityIntegral.value).toBeGreaterThan(0.5);
    expect(report.densityIntegral.value).toBeLessThan(1.5);
    expect(JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8'))).toEqual(report);
    expect(evaluation.stderr).toMatch(/MMD².*unbiased estimator/);

    const [figures, loss] = await Promise.all([
      otflow(['plot', 'moons.json', '--data', 'moons', '--kind', 'all', '--out', 'fig.png', '-n', '200', '--nt', '2'], folder),
      otflow(['plot', '--kind', 'loss', '--history', 'moons.history.json', '--out', 'loss.png'], folder),
    ]);
    expect(figures.code).toBe(0);
    expect(loss.code).toBe(0);
    for (const name of ['fig-density.png', 'fig-samples.png', 'fig-trajectories.png', 'loss.png']) {
      expect([...(await readFile(join(folder, name))).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    }

    const info = await otflow(['info', 'moons.json', '--json'], folder);
    expect(JSON.parse(info.stdout)).toMatchObject({ config: { d: 2, m: 8 }, parameterCount: 125, training: { dataset: 'moons' } });
  });

  it('--model-kind velocity trains the analysis\' velocity network, and every command uses that model', async () => {
    const train = await otflow(
      ['train', '--data', 'circles', '--model-kind', 'velocity', ...TINY_TRAINING, '--iters', '20', '--out', 'circles-v.json', '--json'],
      folder,
    );
    expect(train.code).toBe(0);
    const summary = JSON.parse(train.stdout);
    expect(summary).toMatchObject({ dataset: 'circles', modelKind: 'velocity', iterations: 20, stopReason: 'completed' });
    // No potential, so no HJB residual.
    expect(summary.best.hjb).toBe(0);
    const model = JSON.parse(await readFile(join(folder, 'circles-v.json'), 'utf8'));
    expect(model).toMatchObject({ kind: 'velocity', config: { d: 2, m: 8, nTh: 2 }, training: { modelKind: 'velocity' } });
    expect(Object.keys(model.weights)).toEqual(['K0', 'b0', 'K1', 'b1', 'W', 'c']);

    const [sample, info, plot] = await Promise.all([
      otflow(['sample', '--model', 'circles-v.json', '-n', '200', '--out', 'circles-v.csv', '--seed', '2'], folder),
      otflow(['info', 'circles-v.json'], folder),
      otflow(['plot', '--model', 'circles-v.json', '--data', 'circles', '--kind', 'trajectories', '--out', 'circles-v.png', '-n', '100', '--nt', '2'], folder),
    ]);
    expect([sample.code, info.code, plot.code]).toEqual([0, 0, 0]);
    expect(info.stdout).toContain('velocity network: d = 2, m = 8, nTh = 2');
    expect([...(await readFile(join(folder, 'circles-v.png'))).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    const density = await otflow(['density', '--model', 'circles-v.json', '--input', 'circles-v.csv', '--out', 'circles-v-logp.csv'], folder);
    expect(density.code).toBe(0);
    const logp = (await csvRows(join(folder, 'circles-v-logp.csv'))).slice(1).map((row) => Number(row[0]));
    expect(logp).toHaveLength(200);
    expect(logp.every(Number.isFinite)).toBe(true);
    const evaluation = await otflow(['eval', '--model', 'circles-v.json', '-n', '300', '--mmd-n', '100', '--grid', '20', '--json'], folder);
    expect(evaluation.code).toBe(0);
    const report = JSON.parse(evaluation.stdout);
    expect(report.costs.R).toBe(0);
    expect(report.inverseError.mean).toBeLessThan(1e-3);

    const withRank = await otflow(['train', '--data', 'circles', '--model-kind', 'velocity', '--r', '2', '--out', 'bad.json'], folder);
    expect(withRank.code).toBe(2);
    expect(withRank.stderr).toContain("--r sets the potential's quadratic term; a velocity network has none: drop --r");
    const unknownKind = await otflow(['train', '--data', 'circles', '--model-kind', 'flow', '--out', 'bad.json'], folder);
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toContain('--model-kind must be one of potential, velocity; got "flow"');
  });

  it('trains on a CSV file of its own: a seeded 90/10 split, standardized, sampled back in data units', async () => {
    const lines = ['height,weight'];
    for (let i = 0; i < 200; i++) lines.push(`${170 + 10 * Math.sin(i)},${70 + 5 * Math.cos(3 * i)}`);
    await writeFile(join(folder, 'people.csv'), `${lines.join('\n')}\n`);
    const train = await otflow(['train', '--data', 'people.csv', ...TINY_TRAINING, '--iters', '10', '--out', 'people.json'], folder);
    expect(train.code).toBe(0);
    expect(train.stderr).toContain('200 rows × 2 columns. Held out 20 random rows (10%, seeded) for validation');
    // Settings fitted to the file's size (the 2-D recipe, full batch), under the flags given.
    expect(train.stderr).toContain(
      'Settings fitted to 180 training rows × 2 columns, with your flags on top: m 8, nTh 2, nt 2 (validation 2), batch 64, alph 1,30,1, ' +
        '10 iterations, lr 0.05 divided by 2 every 150, validation every 10, no clamping.',
    );
    const model = JSON.parse(await readFile(join(folder, 'people.json'), 'utf8'));
    expect(Math.abs(model.normalization.mean[0] - 170)).toBeLessThan(3);
    expect(model.normalization.std[1]).toBeGreaterThan(2);
    expect(model.training.rows).toEqual({ train: 180, validation: 20 });
    expect(model.training.settingsFittedTo).toEqual({ d: 2, trainRows: 180 });
    expect(model.training.settings).toMatchObject({ batchSize: 64, alph: [1, 30, 1], learningRateDropEvery: 150, clampWeights: 0 });

    const sample = await otflow(['sample', '--model', 'people.json', '-n', '200'], folder);
    const heights = sample.stdout.trim().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
    const mean = heights.reduce((a, b) => a + b, 0) / heights.length;
    expect(mean).toBeGreaterThan(150);
    expect(mean).toBeLessThan(190);
    const evaluation = await otflow(['eval', '--model', 'people.json', '--data', 'people.csv', '--mmd-n', '100', '--json'], folder);
    expect(evaluation.code).toBe(0);
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ points: 200, coordinates: 'standardized', costs: { alph: [1, 30, 1] } });
  });
});
