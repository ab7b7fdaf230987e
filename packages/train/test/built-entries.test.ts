// Worker threads from the published builds (ESM and CommonJS, as `npm i` installs them) give exactly what they give
// from TypeScript source, and idle workers let the process exit.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serializeModel } from '@otflow/model';
import { Random } from '@otflow/random';
import { loadParallelFlow } from '@otflow/runtime/node';
import { describe, expect, it } from 'vitest';
import { ParallelTrainer } from '../src/parallel-trainer';
import { trainingSettings } from '../src/presets';
// @ts-expect-error: a CommonJS fixture without types, shared with the scripts that load the builds.
import parallelScenario from './fixtures/parallel-scenario.cjs';

const run = promisify(execFile);
const BUILDS = ['../dist/node.js', '../dist/node.cjs', '../../runtime/dist/node.js', '../../runtime/dist/node.cjs'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

async function builtRun(script: string): Promise<unknown> {
  const path = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  // A process that idle workers kept alive would be killed here, and fail the test.
  const { stdout } = await run(process.execPath, [path], { timeout: 90_000, maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

describe('worker threads from the built packages', () => {
  it('ESM and CommonJS builds train, sample and evaluate densities exactly as the source does', async () => {
    const missing = BUILDS.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new Error(`Build the packages first (npx pnpm@12.4.2 build); missing: ${missing.join(', ')}.`);
    const [esm, cjs] = await Promise.all([builtRun('parallel-built.mjs'), builtRun('parallel-built.cjs')]);
    const fromSource = await parallelScenario({ ParallelTrainer, trainingSettings, loadParallelFlow, serializeModel, Random }, { dispose: true });
    expect(esm).toEqual(fromSource);
    expect(cjs).toEqual(fromSource);
  });
});
