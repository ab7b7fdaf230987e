import { availableParallelism } from 'node:os';

/** How many workers otflow uses when not told: one per core the process may use (os.availableParallelism). */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** Checks a worker count given by a caller; the message names the option. */
export function checkWorkerCount(count: unknown, name = 'workers'): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error(`${name} must be a positive integer (1 computes on the calling thread alone), got ${String(count)}.`);
  }
  return count;
}
