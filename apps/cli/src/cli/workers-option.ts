import { defaultWorkerCount } from '@otflow/backend/node';
import type { OptionSpec, ParsedArgs } from './command';
import { integerOption } from './option-values';

/** `--workers`: how many threads compute (this one and count − 1 worker threads, each with its own backend). */
export const WORKERS_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'count',
  description: 'Threads that compute: this one and count − 1 worker threads (1: this thread alone).',
  defaultText: `one per core, here ${defaultWorkerCount()}`,
};

/** The count `--workers` gives, or every core when it is not given. */
export function workersOption(args: ParsedArgs): number {
  return integerOption(args, 'workers') ?? defaultWorkerCount();
}
