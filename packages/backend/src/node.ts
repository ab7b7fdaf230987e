// Node-only: worker threads for data-parallel tfjs work (each thread sets up its own backend with setupTfjs).
export { WorkerPool } from './worker-pool';
export type { WorkerPoolOptions } from './worker-pool';
export { serveWorker } from './worker-service';
export type { WorkerHandler } from './worker-service';
export { siblingWorkerModule } from './worker-module';
export { defaultWorkerCount, checkWorkerCount } from './worker-count';
