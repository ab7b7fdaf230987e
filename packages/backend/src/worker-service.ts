import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData, type WorkerReplyMessage, type WorkerRequestMessage } from './worker-messages';

/** Answers one request; what it returns (structured-cloneable) goes back to the calling thread. */
export type WorkerHandler<Request, Result> = (request: Request) => Result;

/**
 * The worker-thread side of a {@link WorkerPool}: runs `setup` on the pool's `workerData` (set up tfjs there: each
 * worker has its own engine and backend), then answers requests in order with the handler it returns. A failure in
 * setup or in a request goes back to the calling thread as an error with the worker's message and stack.
 */
export function serveWorker<Init, Request, Result>(setup: (init: Init) => Promise<WorkerHandler<Request, Result>>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveWorker runs inside a worker thread started by WorkerPool, not on the main thread.');
  const reply = (message: WorkerReplyMessage) => port.postMessage(message);
  setup(workerData as Init).then(
    (handle) => {
      port.on('message', ({ id, request }: WorkerRequestMessage) => {
        let result: Result;
        try {
          result = handle(request as Request);
        } catch (error) {
          reply({ id, error: toErrorData(error) });
          return;
        }
        reply({ id, result });
      });
      reply({ ready: true });
    },
    (error: unknown) => reply({ setupError: toErrorData(error) }),
  );
}
