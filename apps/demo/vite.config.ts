import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * Cross-origin isolation: with these two headers the page gets SharedArrayBuffer, which the tfjs wasm backend needs
 * for its threaded build. `scripts/serve.ts` sends the same headers.
 */
export const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs: the built app works from any folder of a static host.
  base: './',
  // Workspace packages are consumed from their TypeScript source (no prebuild of the libraries needed).
  resolve: { conditions: ['@otflow/source', ...defaultClientConditions] },
  worker: {
    format: 'es',
    // tfjs starts its wasm threads from the text of an Emscripten factory function (Function.toString). Compression
    // rewrites that factory's `typeof x !== 'undefined'` guards on closure variables into bare references, which
    // throw inside the thread's own scope; mangling alone keeps the guards.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // Two pages: the 2-D flows (index.html) and the digits (digits.html), each with its own worker.
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        digits: fileURLToPath(new URL('digits.html', import.meta.url)),
      },
    },
  },
  server: { headers: crossOriginIsolationHeaders },
  preview: { headers: crossOriginIsolationHeaders },
});
