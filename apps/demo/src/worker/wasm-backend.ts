import { setupTfjs } from '@otflow/backend';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendReport } from '../protocol';

/** The wasm binaries as Vite bundles them, for setupTfjs and loaders that take its options. */
export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
};

/** Sets tfjs up in a worker; tfjs picks the threaded SIMD build itself when the page is cross-origin isolated. */
export async function startWasmBackend(crossOriginIsolated: boolean): Promise<BackendReport> {
  const backend = await setupTfjs({ backend: 'wasm', wasmPaths: WASM_PATHS });
  const [simd, multithreaded] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  return { backend, simd, multithreaded, threads: getThreadsCount(), crossOriginIsolated };
}

/** An error's message, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
}
