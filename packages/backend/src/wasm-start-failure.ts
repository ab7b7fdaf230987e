import { WASM_FILE_NAMES, type WasmPaths } from './wasm-files';

/** Where the runtime README shows how Vite, webpack and esbuild apps serve the binaries. */
const BUNDLER_RECIPES_URL = 'https://github.com/otflow/otflow/tree/main/packages/runtime#bundlers-serving-the-wasm-files';

/** The folder a page's relative URLs resolve against, or null outside a browser. */
function pageFolder(): string | null {
  const location = (globalThis as { location?: { href: string } }).location;
  return location ? new URL('.', location.href).href : null;
}

/**
 * Why the wasm backend did not start and how to fix it: which files tfjs fetches, where it looked, and the
 * `wasmPaths` option that points it at them. It names no function: each entry point that sets up tfjs (setupTfjs,
 * loadFlow) is the one the caller called, and loadFlow puts its own name in front.
 */
export function wasmStartFailure(wasmPaths: WasmPaths | undefined): string {
  const files = WASM_FILE_NAMES.join(', ');
  const folder = pageFolder();
  const looked =
    wasmPaths !== undefined
      ? `at wasmPaths = ${JSON.stringify(wasmPaths)}`
      : folder === null
        ? 'in the installed @tensorflow/tfjs-backend-wasm/dist'
        : `next to the page (${folder}), as no wasmPaths was given: bundlers do not emit these files by themselves`;
  const fix =
    folder === null && wasmPaths === undefined
      ? 'Reinstall @tensorflow/tfjs-backend-wasm'
      : `Serve the three files of @tensorflow/tfjs-backend-wasm/dist (${files}) and pass their URLs as the wasmPaths ` +
        `option: a map from file name to URL, or a folder URL ending in "/" (recipes for Vite, webpack and esbuild: ` +
        `${BUNDLER_RECIPES_URL})`;
  return `The wasm backend did not start: tfjs could not load its .wasm binary, which it looked for ${looked}. ${fix}; or pass backend: "cpu".`;
}
