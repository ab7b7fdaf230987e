/**
 * otflow as a stranger installs it. Packs every package with pnpm (as for publishing), installs the tarballs with npm
 * into an empty project outside the repository (tfjs and the bundlers come from the npm registry), then:
 *  (a) a Node script loads a model file with @otflow/runtime and samples, through `import` and through `require`;
 *  (b) classes and tables keep their identity across each package's entry points, in ESM and in CJS;
 *  (c) the installed `otflow` command trains quickstart (a few steps) and writes its model, metrics and figures;
 *  (d) the runtime README's Vite, webpack and esbuild recipes, taken from the README, build and emit the three .wasm
 *      files; where a Chromium exists each page samples in headless Chromium with no failed request, and a page that
 *      passes no wasmPaths gets loadFlow's message naming the files and the option.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../apps/demo/scripts/static-server';
import { CHROMIUM_ARGS, chromiumForTests } from './find-chromium.mjs';
import { packPackages, type PackedPackage } from './packed-packages';
import { readmeBlock, REPOSITORY_ROOT } from './readme-blocks';

/** Bundler versions the recipes are checked with (Vite as the repository uses it). */
const BUNDLERS = ['vite@8.3.8', 'esbuild@0.28.2', 'webpack@5.113.0', 'webpack-cli@7.3.1'];
const RUNTIME_README = 'packages/runtime/README.md';
const MODEL = join(REPOSITORY_ROOT, 'apps', 'demo', 'public', 'models', '8gaussians.json');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
/** What the README's pages show once they have sampled. */
const SAMPLED_TEXT = /^1000 samples, the first at \((-?\d+\.\d{3}), (-?\d+\.\d{3})\)$/;

const CHROMIUM = chromiumForTests('the packaging test’s browser pages (test/packaging.test.ts)');

let workspace: string;
let project: string;
let packages: PackedPackage[];
/** The first sample Node draws from the model with seed 1, which the browser pages must reproduce. */
let nodeFirstSample: number[];

/** An environment like a stranger's shell: none of the npm_ or pnpm variables of the `pnpm test` that runs this. */
const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)));

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const started = Date.now();
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd, env: environment, encoding: 'utf8', maxBuffer: 64 << 20 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${stdout}\n${stderr}`);
  } finally {
    console.log(`  ${[command, ...args].join(' ').replace(/\s+/g, ' ').trim().slice(0, 160)}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Runs a README block of shell commands in `cwd`. */
function runBlock(name: string, cwd: string): Promise<string> {
  return run('sh', ['-e', '-c', readmeBlock(RUNTIME_README, name).code], cwd);
}

/** The README's install line with each @otflow package replaced by its tarball. */
function readmeInstallArguments(): string[] {
  const line = readmeBlock(RUNTIME_README, 'bundler-install').code.trim();
  const match = /^npm i(?:nstall)? (.+)$/.exec(line);
  if (!match) throw new Error(`${RUNTIME_README}: the bundler-install block is not one npm install line: ${line}`);
  return match[1].split(/\s+/).map((spec) => packages.find((pkg) => pkg.name === spec)?.tarball ?? spec);
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'otflow-packaging-'));
  const tarballs = join(workspace, 'tarballs');
  mkdirSync(tarballs);
  packages = packPackages(tarballs);
  console.log(`Packed ${packages.map((pkg) => pkg.name).join(', ')} into ${tarballs}`);
  project = join(workspace, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'otflow-packaging-check', private: true, type: 'module' }, null, 2)}\n`);
  copyFileSync(MODEL, join(project, 'model.json'));
  const install = readmeInstallArguments();
  const rest = packages.map((pkg) => pkg.tarball).filter((tarball) => !install.includes(tarball));
  console.log(`Installing with npm into ${project}: the README's line (${install.length} packages), the other tarballs and ${BUNDLERS.join(', ')}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...install, ...rest, ...BUNDLERS], project);
}, 900_000);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('installed from the packed tarballs with npm', () => {
  it("asks for the wasm backend at @otflow/backend's own version", () => {
    const backend = packages.find((pkg) => pkg.name === '@otflow/backend')!.manifest as { dependencies: Record<string, string> };
    expect(readmeInstallArguments()).toContain(`@tensorflow/tfjs-backend-wasm@${backend.dependencies['@tensorflow/tfjs-backend-wasm']}`);
  });

  it('(a) Node loads a model with @otflow/runtime and samples, through import and through require', async () => {
    copyFileSync(join(REPOSITORY_ROOT, 'test', 'packaging', 'use-runtime.mjs'), join(project, 'use-runtime.mjs'));
    const results = [];
    for (const format of ['esm', 'cjs']) {
      const result = JSON.parse(await run('node', ['use-runtime.mjs', format, 'model.json'], project));
      console.log(`  ${format}: ${result.entry} → ${result.rows} × ${result.cols} samples, first (${result.first.join(', ')})`);
      expect(result).toMatchObject({ rows: 1000, cols: 2, finite: true, fileAgrees: true });
      results.push(result);
    }
    expect(results[0].entry).toMatch(/node_modules\/@otflow\/runtime\/dist\/index\.js$/);
    expect(results[1].entry).toMatch(/node_modules\/@otflow\/runtime\/dist\/index\.cjs$/);
    expect(results[1].first).toEqual(results[0].first);
    nodeFirstSample = results[0].first;
  }, 300_000);

  it('(b) keeps classes and tables one object across entry points, in ESM and CJS', async () => {
    copyFileSync(join(REPOSITORY_ROOT, 'test', 'packaging', 'entry-identity.mjs'), join(project, 'entry-identity.mjs'));
    for (const format of ['esm', 'cjs']) {
      const { checks, shared } = JSON.parse(await run('node', ['entry-identity.mjs', format, 'model.json'], project));
      console.log(`  ${format}: shared exports ${JSON.stringify(shared)}`);
      for (const { name, ok } of checks) console.log(`  ${format}: ${ok ? 'ok  ' : 'FAIL'} ${name}`);
      expect(checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
      expect(shared['@otflow/ode/array']).toEqual(expect.arrayContaining(['OdeError', 'TABLEAUX', 'METHOD_NAMES']));
    }
  }, 300_000);

  it('(c) the installed otflow command trains quickstart and writes model, metrics and figures', async () => {
    const output = await run('npx', ['--no-install', 'otflow', 'quickstart', '--iters', '5', '--batch', '64', '--runs-dir', 'runs', '--json'], project);
    const summary = JSON.parse(output) as { runDir: string; metrics: string; figures: string[] };
    console.log(`  quickstart wrote ${readdirSync(summary.runDir).join(', ')}`);
    expect(summary.runDir.startsWith(join(project, 'runs'))).toBe(true);
    expect(readdirSync(summary.runDir)).toEqual(expect.arrayContaining(['model.json', 'model.history.json', 'metrics.json']));
    expect(JSON.parse(readFileSync(summary.metrics, 'utf8')).nll).toBeDefined();
    expect(summary.figures).toHaveLength(4);
    for (const figure of summary.figures) expect([...readFileSync(figure).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  }, 300_000);
});

/**
 * The recipes: the README block that is main.js, the page that loads it, the folder served, and the builds, each
 * served plain or cross-origin isolated (where tfjs takes its threaded build, which minified bundles break).
 */
const RECIPES = [
  {
    bundler: 'vite',
    main: 'bundler-main',
    script: '<script type="module" src="/main.js"></script>',
    served: 'dist',
    builds: [{ block: 'vite-build', isolated: false }, { block: 'vite-build-isolated', isolated: true }],
  },
  {
    bundler: 'webpack',
    main: 'bundler-main',
    script: '<script src="dist/main.js"></script>',
    served: '.',
    builds: [{ block: 'webpack-build', isolated: false }, { block: 'webpack-build-isolated', isolated: true }],
  },
  {
    bundler: 'esbuild',
    main: 'esbuild-main',
    script: '<script type="module" src="dist/main.js"></script>',
    served: '.',
    builds: [{ block: 'esbuild-build', isolated: false }, { block: 'esbuild-build', isolated: true }],
  },
] as const;

function page(script: string): string {
  // An empty icon: otherwise Chromium asks for /favicon.ico, and its 404 lands in the console at a moment of its choosing.
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>otflow</title><link rel="icon" href="data:,"></head>\n<body>${script}</body>\n</html>\n`;
}

/** The sizes of the .wasm files under a folder (bundlers rename them), in increasing order. */
function wasmSizesUnder(folder: string): number[] {
  const sizes: number[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(path, entry.name));
      else if (entry.name.endsWith('.wasm')) sizes.push(statSync(join(path, entry.name)).size);
    }
  };
  walk(folder);
  return sizes.sort((a, b) => a - b);
}

interface PageVisit {
  text: string;
  /** Sizes of the .wasm files the page loaded. */
  wasmBytes: number[];
  failedRequests: string[];
  consoleErrors: string[];
}

/** Opens a built page in headless Chromium, served plain or cross-origin isolated, and waits for its text. */
async function visit(browser: Browser, root: string, isolated: boolean): Promise<PageVisit> {
  const server = await startStaticServer(root, { isolate: isolated });
  const context = await browser.newContext();
  const visited: PageVisit = { text: '', wasmBytes: [], failedRequests: [], consoleErrors: [] };
  try {
    const tab = await context.newPage();
    tab.on('response', (response) => {
      if (response.status() >= 400) visited.failedRequests.push(`${response.status()} ${response.url()}`);
      else if (response.url().endsWith('.wasm')) visited.wasmBytes.push(Number(response.headers()['content-length']));
    });
    tab.on('console', (message) => {
      if (message.type() === 'error') visited.consoleErrors.push(message.text());
    });
    tab.on('pageerror', (error) => visited.consoleErrors.push(`uncaught ${error.message}`));
    await tab.goto(server.url);
    await tab.waitForFunction(() => (document.body.textContent ?? '').trim().length > 0, null, { timeout: 60_000 });
    visited.text = (await tab.textContent('body'))!.trim();
    return visited;
  } catch (error) {
    throw new Error(`${server.url} (${root}) showed nothing: ${(error as Error).message}\nconsole errors: ${visited.consoleErrors.join('\n')}`);
  } finally {
    await context.close();
    await server.close();
  }
}

describe("the runtime README's bundler recipes", () => {
  let browser: Browser | undefined;
  /** tfjs's own binaries: file name → size. */
  let tfjsWasm: Map<number, string>;

  beforeAll(async () => {
    tfjsWasm = new Map(
      WASM_FILES.map((name) => [statSync(join(project, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', name)).size, name]),
    );
    if (CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each(RECIPES)('(d) $bundler: builds, emits the three .wasm files and samples on a plain and an isolated page', async (recipe) => {
    const folder = join(project, recipe.bundler);
    mkdirSync(recipe.bundler === 'vite' ? join(folder, 'public') : folder, { recursive: true });
    writeFileSync(join(folder, 'main.js'), readmeBlock(RUNTIME_README, recipe.main).code);
    writeFileSync(join(folder, 'index.html'), page(recipe.script));
    copyFileSync(MODEL, join(folder, recipe.bundler === 'vite' ? 'public/model.json' : 'model.json'));
    let built = '';
    for (const { block, isolated } of recipe.builds) {
      if (block !== built) await runBlock(block, folder);
      built = block;
      expect(wasmSizesUnder(join(folder, 'dist'))).toEqual([...tfjsWasm.keys()].sort((a, b) => a - b));
      if (!browser) continue;
      const visited = await visit(browser, join(folder, recipe.served), isolated);
      const loaded = visited.wasmBytes.map((bytes) => tfjsWasm.get(bytes) ?? `${bytes} bytes`);
      console.log(`  ${recipe.bundler}, ${block}, ${isolated ? 'isolated' : 'plain'} page: loaded ${loaded.join(', ')}; "${visited.text}"`);
      expect(visited.failedRequests).toEqual([]);
      expect(visited.consoleErrors).toEqual([]);
      expect(loaded).toEqual([isolated ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm']);
      const [, x, y] = SAMPLED_TEXT.exec(visited.text) ?? [];
      expect(visited.text).toMatch(SAMPLED_TEXT);
      // The browser's wasm backend draws what Node's did, up to float rounding and the printed 3 decimals.
      expect(Math.abs(Number(x) - nodeFirstSample[0])).toBeLessThan(2e-3);
      expect(Math.abs(Number(y) - nodeFirstSample[1])).toBeLessThan(2e-3);
    }
  }, 600_000);

  it('(d) a bundled page that passes no wasmPaths gets an error from loadFlow that names the files and the option', async () => {
    const folder = join(project, 'no-wasm-paths');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'main.js'),
      "import { loadFlow } from '@otflow/runtime';\n" +
        "loadFlow(new URL('model.json', document.baseURI)).then(() => { document.body.textContent = 'loaded'; }, (error) => { document.body.textContent = error.message; });\n",
    );
    writeFileSync(join(folder, 'index.html'), page('<script type="module" src="dist/main.js"></script>'));
    copyFileSync(MODEL, join(folder, 'model.json'));
    await run('npx', ['--no-install', 'esbuild', 'main.js', '--bundle', '--format=esm', '--outdir=dist', '--log-level=warning'], folder);
    if (!browser) return;
    const visited = await visit(browser, folder, false);
    console.log(`  page without wasmPaths: "${visited.text}"`);
    expect(visited.text).toMatch(/^loadFlow: The wasm backend did not start: .* next to the page \(http:\/\/127\.0\.0\.1:\d+\/\), as no wasmPaths was given/);
    expect(visited.text).toContain(`(${WASM_FILES.join(', ')}) and pass their URLs as the wasmPaths option`);
    expect(visited.text).not.toMatch(/setupTfjs/);
    expect(visited.failedRequests.length).toBeGreaterThan(0);
    expect(visited.failedRequests.every((request) => /^404 http:\/\/127\.0\.0\.1:\d+\/tfjs-backend-wasm-simd\.wasm$/.test(request))).toBe(true);
  }, 300_000);
});
