// Node-only: training and its costs on every core with worker threads (the main entry stays browser-safe).
export { ParallelTrainer } from './parallel-trainer';
export type { ParallelTrainerInit, WorkerOptions } from './parallel-trainer';
export { parallelMeanCosts } from './parallel-mean-costs';
