/** The binaries tfjs chooses from by what the platform supports (plain, SIMD, SIMD with threads). */
export const WASM_FILE_NAMES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

export type WasmFileName = (typeof WASM_FILE_NAMES)[number];

/**
 * Where the wasm binaries are served: a folder URL ending in `/`, or a map from each of the three file names to its
 * URL (what bundlers give for emitted files).
 */
export type WasmPaths = string | Partial<Record<WasmFileName, string>>;
