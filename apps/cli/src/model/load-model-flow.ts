import type { Flow } from '@otflow/runtime';
import { loadFlowFile } from '@otflow/runtime/node';
import type { CommandContext } from '../cli/command';

/** Loads a model file as a Flow on the backend the command runs on (loadFlow would otherwise pick wasm). */
export function loadModelFlow(path: string, context: CommandContext, defaultSteps?: number): Promise<Flow> {
  return loadFlowFile(path, { backend: context.backend, defaultSteps });
}
