/** An error as it crosses from a worker thread to the calling thread. */
export interface WorkerErrorData {
  name: string;
  message: string;
  stack?: string;
}

/** Main thread → worker: one request. */
export interface WorkerRequestMessage {
  id: number;
  request: unknown;
}

/** Worker → main thread: ready after setup, a setup failure, or the answer to one request. */
export type WorkerReplyMessage =
  | { ready: true }
  | { setupError: WorkerErrorData }
  | { id: number; result: unknown }
  | { id: number; error: WorkerErrorData };

export function toErrorData(error: unknown): WorkerErrorData {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
