// Child processes for the README blocks: at most a few at once (the machine's cores are shared), each with a
// wall-clock limit that kills its whole process group (a shell block's commands included).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the process itself, not counting the wait for a free slot. */
  milliseconds: number;
  timedOut: boolean;
}

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kills the process (group) after this long. */
  timeoutMs: number;
  /** Called once the process has started, e.g. to interrupt it later. */
  onStart?: (pid: number) => void;
}

/** Runs async jobs with at most `limit` of them at a time, in the order they were queued. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((start) => this.waiting.push(start));
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** One process per core, at least 2: each README block is one single-threaded Node process (wasm: one thread). */
export const processSlots = new Limiter(Math.max(2, availableParallelism()));

/** Runs `command args` to its end (or its timeout) and collects what it printed. Does not take a slot. */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group has already exited.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGKILL');
  }, options.timeoutMs);
  if (child.pid !== undefined) options.onStart?.(child.pid);
  return new Promise((done, fail) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, milliseconds: performance.now() - started, timedOut });
    });
  });
}

/** What a failed process said, for an assertion message. */
export function describeProcess(label: string, result: ProcessResult, timeoutMs: number): string {
  const ending = result.timedOut
    ? `was stopped after ${timeoutMs / 1000} s`
    : `exited with ${result.signal ?? `code ${result.code}`} after ${(result.milliseconds / 1000).toFixed(1)} s`;
  const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
  return `${label} ${ending}.\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
}
