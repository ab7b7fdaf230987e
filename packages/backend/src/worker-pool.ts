import { Worker } from 'node:worker_threads';
import { checkWorkerCount } from './worker-count';
import type { WorkerErrorData, WorkerReplyMessage, WorkerRequestMessage } from './worker-messages';
import { workerStart } from './worker-module';

export interface WorkerPoolOptions {
  /** Number of worker threads (≥ 1). */
  size: number;
  /** What every worker's setup receives (structured-cloneable). */
  workerData: unknown;
  /** What the workers do, for messages: "training", "sampling". */
  role: string;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** One worker thread with its requests in flight; it keeps the process alive only while it has some. */
class PooledWorker {
  /** Resolves once the worker has set itself up; rejects with its setup error, crash or exit. */
  readonly started: Promise<void>;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** Set once the thread has failed or exited: later requests fail with it. */
  private failure: Error | null = null;
  private closing = false;

  constructor(
    private readonly thread: Worker,
    private readonly label: string,
  ) {
    let startup: Pending;
    this.started = new Promise<void>((resolve, reject) => (startup = { resolve: () => resolve(), reject }));
    // A failure before setup finished rejects `started` as well (a settled promise ignores the second call).
    this.pending.set(-1, startup!);
    thread.on('message', (message: WorkerReplyMessage) => {
      if ('ready' in message) {
        this.settled(-1);
        startup.resolve(undefined);
      } else if ('setupError' in message) {
        this.fail(workerError(`${this.label} could not start`, message.setupError));
      } else {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.settled(message.id);
        if ('error' in message) waiting.reject(workerError(`${this.label} failed`, message.error));
        else waiting.resolve(message.result);
      }
    });
    thread.on('error', (error) => this.fail(workerError(`${this.label} crashed`, { name: error.name, message: error.message, stack: error.stack })));
    thread.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`${this.label} exited unexpectedly (exit code ${code}).`));
    });
  }

  request(request: unknown): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error(`${this.label} was closed.`));
    const id = this.nextId++;
    if (this.pending.size === 0) this.thread.ref();
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.thread.postMessage({ id, request } satisfies WorkerRequestMessage);
    return answer;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.fail(new Error(`${this.label} was closed with requests in flight.`));
    await this.thread.terminate();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.thread.unref();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const [id, waiting] of this.pending) {
      this.settled(id);
      waiting.reject(error);
    }
  }
}

function workerError(what: string, data: WorkerErrorData): Error {
  const cause = Object.assign(new Error(data.message), { name: data.name, stack: data.stack });
  return new Error(`${what}: ${data.message}`, { cause });
}

/**
 * Worker threads that each run `module` (a module that calls {@link serveWorker}), for data-parallel tfjs work in Node:
 * each thread has its own tfjs engine and backend. Requests go to a chosen worker and come back as promises; a
 * worker's error, crash or exit rejects them with a message that names the worker. Idle workers do not keep the
 * process alive, and {@link WorkerPool.close} ends them.
 *
 * `module` is a built `.js`/`.cjs` module, or a `.ts` module from source, which runs under tsx with the
 * `@otflow/source` condition (tests and scripts in the otflow repository).
 */
export class WorkerPool {
  private constructor(private readonly workers: PooledWorker[]) {}

  static async start(module: URL, options: WorkerPoolOptions): Promise<WorkerPool> {
    const size = checkWorkerCount(options.size, 'The worker pool size');
    const { script, execArgv } = workerStart(module);
    const label = (index: number) => `The ${options.role} worker thread ${index + 1} of ${size}`;
    const workers = Array.from(
      { length: size },
      (_, index) => new PooledWorker(new Worker(script, { workerData: options.workerData, execArgv }), label(index)),
    );
    const started = await Promise.allSettled(workers.map((worker) => worker.started));
    const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((worker) => worker.close()));
      throw failed.reason;
    }
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends `request` to worker `index` (0-based); resolves with its answer. */
  request<Result>(index: number, request: unknown): Promise<Result> {
    const worker = this.workers[index];
    if (worker === undefined) throw new Error(`This pool has workers 0 to ${this.workers.length - 1}, not ${index}.`);
    return worker.request(request) as Promise<Result>;
  }

  /** Ends every worker; requests still in flight reject. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
