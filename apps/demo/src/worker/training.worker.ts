import type { WorkerEvent, WorkerRequest } from '../protocol';
import { TrainingSession } from './training-session';
import { errorMessage, startWasmBackend } from './wasm-backend';

/** The parts of a dedicated worker's global scope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerEvent, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  crossOriginIsolated: boolean;
}

const scope = self as unknown as WorkerScope;
const emit = (event: WorkerEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);
const session = new TrainingSession(emit);

/** Whether the backend started; requests wait for it, and are dropped (the page has the error) when it failed. */
const ready: Promise<boolean> = startWasmBackend(scope.crossOriginIsolated).then(
  (report) => {
    emit({ type: 'ready', report });
    return true;
  },
  (error: unknown) => {
    emit({ type: 'error', kind: 'internal', message: `The wasm backend did not start: ${errorMessage(error)}` });
    return false;
  },
);

scope.onmessage = (event) => {
  void ready.then((ok) => {
    if (ok) session.handle(event.data);
  });
};
