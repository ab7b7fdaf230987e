export { setupTfjs, BACKEND_NAMES } from './setup';
export type { BackendName, SetupOptions, WasmFileName } from './setup';
