import { BACKEND_NAMES } from '@otflow/backend';
import type { OptionSpec } from './command';

/** Flags every command accepts, before or after the command name. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Show help; after a command, that command\'s help.' },
  version: { type: 'boolean', description: 'Print the version of otflow.' },
  verbose: { type: 'boolean', description: 'Print stack traces on failure.' },
  backend: {
    type: 'string',
    valueName: 'name',
    description: 'The TensorFlow.js backend to compute on.',
    choices: BACKEND_NAMES,
    defaultText: 'wasm',
  },
};
