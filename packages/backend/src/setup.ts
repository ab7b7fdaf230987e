import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import './register-gradients';
import { shareIdentityData } from './shared-identity';
import type { WasmPaths } from './wasm-files';
import { wasmStartFailure } from './wasm-start-failure';

/** Backends otflow can run on. `wasm` is the default; `cpu` is the pure-JavaScript fallback. */
export type BackendName = 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'cpu'];

export interface SetupOptions {
  /** Backend to activate. Default `wasm`. */
  backend?: BackendName;
  /**
   * Where browsers fetch the wasm binaries: a folder URL ending in `/`, or a map from file name
   * (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`) to URL.
   * Bundled apps need it (bundlers emit the files only when the app references them; the runtime README shows how
   * for Vite, webpack and esbuild). Takes effect on the first call that starts wasm. Node finds them without this.
   */
  wasmPaths?: WasmPaths;
  /** Number of wasm threads where the platform allows them (browsers with cross-origin isolation). */
  threads?: number;
}

let configuredWasm = false;
/** tfjs cannot retry a wasm start that failed (it refuses new paths afterwards): later calls say so at once. */
let wasmFailed: string | null = null;

/**
 * Makes tfjs ready for otflow: registers gradients, activates the chosen backend and waits until it is ready.
 * Safe to call more than once; a later call may switch backends. Returns the active backend's name.
 */
export async function setupTfjs(options: SetupOptions = {}): Promise<BackendName> {
  const backend = options.backend ?? 'wasm';
  if (!BACKEND_NAMES.includes(backend)) {
    throw new Error(`Unknown backend "${String(backend)}": choose one of ${BACKEND_NAMES.join(', ')}.`);
  }
  // Production mode: tfjs prints no platform or flag warnings (stdout stays clean for piped output). IS_TEST
  // would do that too, but also runs a per-kernel leak check that misfires on custom gradients.
  tf.env().set('PROD', true);
  if (backend === 'wasm' && wasmFailed !== null) {
    throw new Error(`${wasmFailed} tfjs cannot retry in the same page or process: fix that, then reload.`);
  }
  // Loaded only when asked for, so browser bundles that use wasm do not carry the cpu backend.
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  // Zero-copy tf.clone on wasm: the gradient tape clones every tensor it saves (see shared-identity.ts).
  if (backend === 'wasm') shareIdentityData();
  if (backend === 'wasm' && !configuredWasm) {
    if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
    if (options.threads !== undefined) {
      if (!Number.isInteger(options.threads) || options.threads < 1) {
        throw new Error(`threads must be a positive integer, got ${options.threads}.`);
      }
      setThreadsCount(options.threads);
    }
    configuredWasm = true;
  }
  if (tf.engine().backendName !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok && backend === 'wasm') {
      wasmFailed = wasmStartFailure(options.wasmPaths);
      throw new Error(wasmFailed);
    }
    if (!ok) throw new Error(`Could not initialize the ${backend} backend.`);
  }
  await tf.ready();
  return tf.getBackend() as BackendName;
}
