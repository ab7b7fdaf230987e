import type { WorkerEvent, WorkerRequest } from './protocol';

type Reply<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

/**
 * The page's handle on the training worker: sends requests, routes events to `onEvent`, and turns the two
 * request/reply exchanges (log-density at a point, model export) into promises.
 */
export class TrainingClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (event: WorkerEvent) => void>();

  constructor(private readonly onEvent: (event: WorkerEvent) => void) {
    this.worker = new Worker(new URL('./worker/training.worker.ts', import.meta.url), { type: 'module', name: 'otflow-training' });
    this.worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.receive(message.data);
    this.worker.onerror = (event) => {
      this.onEvent({ type: 'error', kind: 'internal', message: `The training worker failed: ${event.message || 'could not load'}` });
    };
  }

  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  logDensity(x: number, y: number): Promise<Reply<'log-density'>> {
    const id = this.nextId++;
    return this.request(id, { type: 'log-density', id, x, y });
  }

  exportModel(): Promise<Reply<'model-file'>> {
    const id = this.nextId++;
    return this.request(id, { type: 'export-model', id });
  }

  private request<T extends WorkerEvent>(id: number, request: WorkerRequest): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.set(id, (event) => resolve(event as T));
      this.send(request);
    });
  }

  private receive(event: WorkerEvent): void {
    if ((event.type === 'log-density' || event.type === 'model-file') && this.waiting.has(event.id)) {
      const resolve = this.waiting.get(event.id)!;
      this.waiting.delete(event.id);
      resolve(event);
      return;
    }
    this.onEvent(event);
  }
}
