import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReferenceFixture, type ReferenceFixture } from '../../../test/reference-fixture';
import { assertBuilt, makeTempFolder, otflow, removeFolder } from './otflow-process';

let folder: string;
let fixture: ReferenceFixture;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('reference');
  fixture = readReferenceFixture();
  await writeFile(join(folder, 'reference.json'), JSON.stringify({ config: fixture.config, state_dict: fixture.state_dict }));
  await writeFile(join(folder, 'points.csv'), `x1,x2\n${fixture.points.map((p) => p.join(',')).join('\n')}\n`);
});
afterAll(() => removeFolder(folder));

describe('otflow import-reference and density on the reference fixture (numerics §11)', () => {
  it("imports the PyTorch weights and reproduces the reference's per-point NLL at nt 8 and 12", async () => {
    const imported = await otflow(['import-reference', 'reference.json', '--out', 'swissroll.json'], folder);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('d = 2, m = 32, nTh = 2, r = 3');
    const info = JSON.parse((await otflow(['info', 'swissroll.json', '--json'], folder)).stdout);
    expect(info.config).toEqual({ d: 2, m: 32, nTh: 2, r: 3 });
    expect(info.training.alph).toEqual(fixture.config.alph);

    for (const [nt, expected] of [['8', fixture.results.nt8], ['12', fixture.results.nt12]] as const) {
      const density = await otflow(['density', '--model', 'swissroll.json', '--input', 'points.csv', '--nt', nt], folder);
      expect(density.code).toBe(0);
      const values = density.stdout.trim().split('\n');
      expect(values[0]).toBe('log_density');
      const nll = values.slice(1).map((v) => -Number(v));
      expect(nll).toHaveLength(fixture.points.length);
      nll.forEach((value, i) => expect(Math.abs(value - expected.nll[i][0]) / Math.abs(expected.nll[i][0])).toBeLessThan(1e-4));
      const mean = nll.reduce((a, b) => a + b, 0) / nll.length;
      expect(Math.abs(mean - expected.C) / expected.C).toBeLessThan(1e-4);
    }
  });

  it('keeps --alph over the file\'s config, and explains a file that is not a state_dict', async () => {
    await otflow(['import-reference', 'reference.json', '--out', 'other.json', '--alph', '1,5,1'], folder);
    expect(JSON.parse(await readFile(join(folder, 'other.json'), 'utf8')).training.alph).toEqual([1, 5, 1]);
    await writeFile(join(folder, 'wrong.json'), JSON.stringify({ weights: [1, 2] }));
    const wrong = await otflow(['import-reference', 'wrong.json', '--out', 'wrong-model.json'], folder);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^otflow: The state_dict is missing "N.layers.0.weight"/);
  });
});
