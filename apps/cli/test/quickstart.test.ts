// The README's "Start here" block, run as written: `otflow quickstart` with its defaults, which take about 35 s on
// an idle machine (too long for test/readme-blocks.test.ts, which names this test as the block's runner). Checks
// the run folder and the results the README promises.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlock } from '../../../test/readme-blocks';
import { assertBuilt, folderContents, makeTempFolder, otflow, removeFolder } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('quickstart');
});
afterAll(() => removeFolder(folder));

describe('the README quickstart', () => {
  it('trains, evaluates and draws into runs/<time>-8gaussians/ as the README says', async () => {
    const commands = readmeBlock('apps/cli/README.md', 'quickstart').code.trim().split('\n');
    for (const command of commands) {
      const [program, ...args] = command.trim().split(/\s+/);
      expect(program).toBe('otflow');
      const result = await otflow(args, folder);
      expect(result.stderr).not.toContain('otflow:');
      expect(result.code).toBe(0);
    }

    const runs = await readdir(join(folder, 'runs'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^\d{8}-\d{6}-8gaussians$/);
    const run = join(folder, 'runs', runs[0]);
    expect(await folderContents(run)).toEqual([
      'figure-density.png',
      'figure-samples.png',
      'figure-trajectories.png',
      'loss.png',
      'metrics.json',
      'model.history.json',
      'model.json',
    ]);
    const model = JSON.parse(await readFile(join(run, 'model.json'), 'utf8'));
    expect(model.training).toMatchObject({ dataset: '8gaussians', iterations: 300 });
    // The README: "It reaches MMD² 1.3e-4 and ∫ρ = 0.99999 on 8gaussians" (a good model, not a few steps' worth).
    const metrics = JSON.parse(await readFile(join(run, 'metrics.json'), 'utf8'));
    expect(metrics.points).toBe(5000);
    expect(metrics.mmd.value).toBeLessThan(1e-3);
    expect(Math.abs(metrics.densityIntegral.value - 1)).toBeLessThan(1e-3);
  }, 600_000);
});
