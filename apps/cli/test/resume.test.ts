import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, finished, makeTempFolder, otflow, removeFolder, startOtflow, TINY_TRAINING, waitFor } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('resume');
});
afterAll(() => removeFolder(folder));

const RUN = ['train', '--data', '8gaussians', ...TINY_TRAINING, '--iters', '60', '--checkpoint-every', '5', '--seed', '3', '--resample-every', '7'];

async function modelFile(name: string): Promise<{ weights: unknown; training: { iterations: number; bestValidation: unknown } }> {
  return JSON.parse(await readFile(join(folder, name), 'utf8'));
}

let reference: Awaited<ReturnType<typeof modelFile>>;

describe('otflow train: interrupted runs resume to the same result', () => {
  beforeAll(async () => {
    const run = await otflow([...RUN, '--out', 'reference.json'], folder);
    expect(run.code).toBe(0);
    reference = await modelFile('reference.json');
    expect(existsSync(join(folder, 'reference.ckpt.json'))).toBe(false);
  });

  it('after SIGKILL mid-run, --resume from the last checkpoint gives identical final weights', async () => {
    const child = startOtflow([...RUN, '--out', 'killed.json'], folder);
    const result = finished(child);
    await waitFor(() => existsSync(join(folder, 'killed.ckpt.json')), 'the first checkpoint');
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');
    expect(existsSync(join(folder, 'killed.json'))).toBe(false);

    const resumed = await otflow(['train', '--resume', 'killed.ckpt.json'], folder);
    expect(resumed.code).toBe(0);
    const at = Number(/Resuming at iteration (\d+) of 60/.exec(resumed.stderr)?.[1]);
    expect(at).toBeGreaterThanOrEqual(5);
    expect(at).toBeLessThan(60);
    const model = await modelFile('killed.json');
    expect(model.weights).toEqual(reference.weights);
    expect(model.training.bestValidation).toEqual(reference.training.bestValidation);
    expect(model.training.iterations).toBe(60);
    expect(existsSync(join(folder, 'killed.ckpt.json'))).toBe(false);
  });

  it('Ctrl-C writes a checkpoint, exits with 130 and says how to resume; resuming finishes identically', async () => {
    const child = startOtflow([...RUN, '--out', 'stopped.json'], folder);
    const result = finished(child);
    await waitFor(() => existsSync(join(folder, 'stopped.ckpt.json')), 'the first checkpoint');
    child.kill('SIGINT');
    const stopped = await result;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Interrupted after iteration \d+; checkpoint saved to stopped\.ckpt\.json\. Resume with: otflow train --resume stopped\.ckpt\.json/);
    expect(existsSync(join(folder, 'stopped.json'))).toBe(false);

    const resumed = await otflow(['train', '--resume', 'stopped.ckpt.json', '--json'], folder);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ iterations: 60, stopReason: 'completed' });
    expect((await modelFile('stopped.json')).weights).toEqual(reference.weights);
  });

  it('refuses settings flags next to --resume', async () => {
    const result = await otflow(['train', '--resume', 'whatever.ckpt.json', '--lr', '0.5'], folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--resume continues a run with the data, settings and outputs saved in its checkpoint; drop --lr');
  });
});
