import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRequest } from '../test/test-worker';
import { checkWorkerCount } from './worker-count';
import { siblingWorkerModule } from './worker-module';
import { WorkerPool } from './worker-pool';

const TEST_WORKER = siblingWorkerModule(new URL('../test/index.ts', import.meta.url).href, 'test-worker');

function start(size: number, workerData: object = {}): Promise<WorkerPool> {
  return WorkerPool.start(TEST_WORKER, { size, workerData, role: 'test' });
}

describe('WorkerPool', () => {
  // Starting a worker from source takes a second or more (tsx compiles tfjs-core's modules): the first tests share one pool.
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = await start(2);
  });
  afterAll(() => pool.close());

  it('runs TypeScript workers from source, each with its own wasm backend and gradients', async () => {
    const gradient: TestRequest = { kind: 'gradient', x: [1, -2, 3] };
    const answers = await Promise.all([0, 1].map((worker) => pool.request<number[]>(worker, gradient)));
    expect(answers).toEqual([
      [3, 12, 27],
      [3, 12, 27],
    ]);
    expect(await pool.request(1, { kind: 'backend' } satisfies TestRequest)).toBe('wasm');
  });

  it("rejects a request with the worker's error, naming the worker, and keeps serving", async () => {
    const failure = await pool.request(1, { kind: 'throw', message: 'bad shard' } satisfies TestRequest).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('The test worker thread 2 of 2 failed: bad shard');
    const cause = (failure as Error).cause as Error;
    expect(cause.name).toBe('RangeError');
    expect(cause.stack).toContain('test-worker.ts');
    expect(await pool.request(1, { kind: 'gradient', x: [2] } satisfies TestRequest)).toEqual([12]);
  });

  it('fails to start with the setup error', async () => {
    await expect(start(1, { failSetup: true })).rejects.toThrow('The test worker thread 1 of 1 could not start: setup failed on purpose');
  });

  it('rejects the requests in flight when a worker exits, and every later one', async () => {
    const exiting = await start(1);
    try {
      await expect(exiting.request(0, { kind: 'exit', code: 3 } satisfies TestRequest)).rejects.toThrow(
        'The test worker thread 1 of 1 exited unexpectedly (exit code 3).',
      );
      await expect(exiting.request(0, { kind: 'backend' } satisfies TestRequest)).rejects.toThrow(/exited unexpectedly/);
    } finally {
      await exiting.close();
    }
  });

  it('close() ends busy workers and rejects what they were doing', async () => {
    const busy = await start(1);
    const hanging = expect(busy.request(0, { kind: 'hang' } satisfies TestRequest)).rejects.toThrow(
      'The test worker thread 1 of 1 was closed with requests in flight.',
    );
    await busy.close();
    await hanging;
    await expect(busy.request(0, { kind: 'backend' } satisfies TestRequest)).rejects.toThrow(/closed/);
  });

  it('checks sizes and worker modules', async () => {
    await expect(WorkerPool.start(TEST_WORKER, { size: 0, workerData: {}, role: 'test' })).rejects.toThrow(
      'The worker pool size must be a positive integer (1 computes on the calling thread alone), got 0.',
    );
    expect(() => checkWorkerCount(2.5)).toThrow('workers must be a positive integer');
    expect(() => siblingWorkerModule(import.meta.url, 'no-such-worker')).toThrow(/The worker module .*no-such-worker\.ts is missing/);
  });
});
