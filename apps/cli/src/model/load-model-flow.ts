import type { Flow } from '@otflow/runtime';
import { loadFlowFile } from '@otflow/runtime/node';
import type { CommandContext } from '../cli/command';

/**
 * Loads a model file as a Flow on the backend the command runs on (loadFlow would otherwise pick wasm), integrating on
 * `workers` threads. Dispose it, and await that, to stop the worker threads.
 */
export function loadModelFlow(path: string, context: CommandContext, workers: number): Promise<Flow> {
  return loadFlowFile(path, { backend: context.backend, workers });
}
