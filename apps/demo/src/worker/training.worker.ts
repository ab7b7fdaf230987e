import { setupTfjs } from '@otflow/backend';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendReport, WorkerEvent, WorkerRequest } from '../protocol';
import { TrainingSession } from './training-session';

/** The parts of a dedicated worker's global scope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerEvent, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  crossOriginIsolated: boolean;
}

const scope = self as unknown as WorkerScope;
const emit = (event: WorkerEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);
const session = new TrainingSession(emit);

/** tfjs picks the threaded SIMD build itself when the page is cross-origin isolated; this reports what it chose. */
async function startBackend(): Promise<BackendReport> {
  const backend = await setupTfjs({
    backend: 'wasm',
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
    },
  });
  const [simd, multithreaded] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  return { backend, simd, multithreaded, threads: getThreadsCount(), crossOriginIsolated: scope.crossOriginIsolated };
}

/** Whether the backend started; requests wait for it, and are dropped (the page has the error) when it failed. */
const ready: Promise<boolean> = startBackend().then(
  (report) => {
    emit({ type: 'ready', report });
    return true;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    emit({ type: 'error', kind: 'internal', message: `The wasm backend did not start: ${message}` });
    return false;
  },
);

scope.onmessage = (event) => {
  void ready.then((ok) => {
    if (ok) session.handle(event.data);
  });
};
