import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The worker module `name` beside the calling module, with the caller's own extension: `.js` next to an ESM build,
 * `.cjs` next to a CommonJS build, `.ts` next to TypeScript source (tests and scripts that resolve the
 * `@otflow/source` condition). `caller` is the calling module's `import.meta.url`, or `__filename` in CommonJS.
 */
export function siblingWorkerModule(caller: string, name: string): URL {
  const base = /^file:/.test(caller) ? new URL(caller) : pathToFileURL(caller);
  const extension = /\.[cm]?[jt]s$/.exec(base.pathname)?.[0];
  if (extension === undefined) throw new Error(`Cannot place the worker module "${name}" next to ${caller}: it is not a .js, .cjs, .mjs or .ts module.`);
  const module = new URL(`./${name}${extension}`, base);
  if (!existsSync(fileURLToPath(module))) {
    throw new Error(
      `The worker module ${fileURLToPath(module)} is missing. otflow's worker threads load it from the installed ` +
        'package: if a bundler inlined the package, keep it external.',
    );
  }
  return module;
}

export function isSourceModule(module: URL): boolean {
  return /\.[cm]?ts$/.test(module.pathname);
}

/**
 * Resolves tfjs-core's extensionless relative imports (`./gradients/Abs_grad`, `./base`) to their `.js` files. Vitest
 * does the same for the main thread (vitest.config.ts inlines these modules); a worker thread runs plain Node.
 */
const TFJS_CORE_ESM_HOOK = `
export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') && /^\\.\\.?\\//.test(specifier) && !/\\.js$/.test(specifier)) {
    try {
      return await next(specifier + '.js', context);
    } catch {
      // Not a file: fall through to the specifier as written.
    }
  }
  return next(specifier, context);
}`;

/** The ESM URL of tsx's module-hook API, found from `from`; a clear error when tsx is not installed. */
function tsxHookApi(from: URL): string {
  try {
    const manifestPath = createRequire(from).resolve('tsx/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
  } catch (error) {
    throw new Error(
      `Running otflow's worker threads from TypeScript source (${fileURLToPath(from)}) needs tsx; install it as a ` +
        `devDependency, or run the built packages. (${(error as Error).message})`,
    );
  }
}

/**
 * What a worker thread starts from. A built module runs as it is. A TypeScript module runs under tsx with the
 * `@otflow/source` export condition, so that it and the otflow packages it imports load from source as in the
 * calling thread: the worker starts from a small ES module that registers tsx's hooks, then imports it.
 */
export function workerStart(module: URL): { script: URL; execArgv?: string[] } {
  if (!isSourceModule(module)) return { script: module };
  const hook = `data:text/javascript,${encodeURIComponent(TFJS_CORE_ESM_HOOK)}`;
  const bootstrap = [
    "import { register } from 'node:module';",
    `const tsx = await import(${JSON.stringify(tsxHookApi(module))});`,
    'tsx.register();',
    `register(${JSON.stringify(hook)});`,
    `await import(${JSON.stringify(module.href)});`,
  ].join('\n');
  return { script: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), execArgv: ['--conditions=@otflow/source'] };
}
