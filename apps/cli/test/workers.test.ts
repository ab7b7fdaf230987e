import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, finished, makeTempFolder, otflow, removeFolder, startOtflow, TINY_TRAINING, waitFor } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('workers');
});
afterAll(() => removeFolder(folder));

const RUN = ['train', '--data', 'moons', ...TINY_TRAINING, '--iters', '12', '--seed', '2'];

async function modelFile(name: string) {
  return JSON.parse(await readFile(join(folder, name), 'utf8'));
}

describe('otflow --workers', () => {
  it('train records the worker count; --resume keeps it unless told otherwise, and then says so', async () => {
    const trained = await otflow([...RUN, '--workers', '2', '--out', 'two.json', '--json'], folder);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ workers: 2, iterations: 12 });
    expect((await modelFile('two.json')).training.workers).toBe(2);

    const child = startOtflow([...RUN, '--iters', '200', '--checkpoint-every', '2', '--workers', '2', '--out', 'switch.json'], folder);
    const stopped = finished(child);
    const checkpoint = join(folder, 'switch.ckpt.json');
    await waitFor(() => existsSync(checkpoint), 'the first checkpoint');
    child.kill('SIGINT');
    expect((await stopped).code).toBe(130);
    expect((await modelFile('switch.ckpt.json')).trainer.workers).toBe(2);
    const resumed = await otflow(['train', '--resume', 'switch.ckpt.json', '--workers', '1', '--iters', '200'], folder);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('drop --iters');
    const continued = await otflow(['train', '--resume', 'switch.ckpt.json', '--workers', '1'], folder);
    expect(continued.code, continued.stderr).toBe(0);
    expect(continued.stderr).toContain(
      'Note: the run split its batches over 2 workers and continues with 1; results differ slightly from an uninterrupted run.',
    );
    expect((await modelFile('switch.json')).training.workers).toBe(1);
  });

  it('sample and density give the same numbers on one thread and on two', async () => {
    const trained = await otflow([...RUN, '--workers', '1', '--out', 'm.json'], folder);
    expect(trained.code, trained.stderr).toBe(0);
    const runs = await Promise.all(
      ['1', '2'].map((workers) => otflow(['sample', '--model', 'm.json', '-n', '5000', '--seed', '3', '--workers', workers, '--out', `samples-${workers}.csv`], folder)),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const samples = await readFile(join(folder, 'samples-1.csv'), 'utf8');
    expect(await readFile(join(folder, 'samples-2.csv'), 'utf8')).toBe(samples);
    const densities = await Promise.all(
      ['1', '2'].map((workers) => otflow(['density', '--model', 'm.json', '--input', 'samples-1.csv', '--workers', workers], folder)),
    );
    for (const run of densities) expect(run.code, run.stderr).toBe(0);
    expect(densities[1].stdout).toBe(densities[0].stdout);
    expect(densities[0].stdout.trim().split('\n')).toHaveLength(5001);
  });
});
