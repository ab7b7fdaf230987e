// Runs the built otflow binary (dist/otflow.js) in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OTFLOW = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/otflow.js');

export interface OtflowResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Fails early, with what to do, when the binary has not been built. */
export function assertBuilt(): void {
  if (!existsSync(OTFLOW)) {
    throw new Error(`${OTFLOW} is missing: build it first with "npx pnpm@12.4.2 exec turbo run build --filter=@otflow/cli...".`);
  }
}

/** Starts `otflow <args>` in `cwd` (stdin closed, stdout and stderr piped: not a terminal). */
export function startOtflow(args: readonly string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [OTFLOW, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What a started process printed and how it ended. */
export function finished(child: ChildProcess): Promise<OtflowResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

export function otflow(args: readonly string[], cwd: string): Promise<OtflowResult> {
  return finished(startOtflow(args, cwd));
}

export async function makeTempFolder(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `otflow-cli-${label}-`));
}

export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** The names in a folder, sorted (temporary files included: they start with a dot). */
export async function folderContents(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}

/** Polls `condition` every 10 ms; fails after a minute, naming what it waited for. */
export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resume) => setTimeout(resume, 10));
  }
}

/** Small, fast training settings for tests (seconds, not minutes). */
export const TINY_TRAINING = ['--m', '8', '--nt', '2', '--nt-val', '2', '--batch', '64', '--val-size', '128', '--val-every', '10'];
