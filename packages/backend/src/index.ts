export { setupTfjs, BACKEND_NAMES } from './setup';
export type { BackendName, SetupOptions } from './setup';
export type { WasmFileName, WasmPaths } from './wasm-files';
