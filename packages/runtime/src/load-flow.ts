import { setupTfjs, type SetupOptions, type WasmPaths } from '@otflow/backend';
import { parseModelFile, type ModelFileV1 } from '@otflow/model';
import { DEFAULT_STEPS, Flow } from './flow';

/** A model file as JSON text, a parsed object (or serializeModel's), bytes, or a `URL` to fetch (browsers, or Node's fetch). */
export type ModelSource = string | URL | ArrayBuffer | Uint8Array | ModelFileV1 | Record<string, unknown>;

export interface LoadFlowOptions extends SetupOptions {
  /**
   * Where a browser fetches tfjs's wasm binaries (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm` from `@tensorflow/tfjs-backend-wasm/dist`): a map from file name to URL,
   * or a folder URL ending in `/`. A bundled app passes the URLs its bundler gives for those files (the README's
   * "Bundlers" section shows Vite, webpack and esbuild); without it, tfjs looks next to the page. Node needs none.
   */
  wasmPaths?: WasmPaths;
  /** RK4 steps for calls that pass no `nt`. Default 12, the reference's sampling setting. */
  defaultSteps?: number;
}

/** The model file's content: fetched for a URL, decoded for bytes; text and parsed objects as they are. */
export async function readSource(source: ModelSource): Promise<unknown> {
  if (source instanceof URL) {
    const url = String(source);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`Could not fetch the model file at ${url}: ${(error as Error).message}.`);
    }
    if (!response.ok) throw new Error(`Could not fetch the model file at ${url}: HTTP ${response.status} ${response.statusText}.`);
    return response.text();
  }
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return new TextDecoder().decode(source);
  return source;
}

/**
 * Loads a model file (as written by `otflow train` or `serializeModel`) and returns a ready {@link Flow}. Sets up
 * tfjs first (wasm by default; pass `backend`, `wasmPaths` or `threads` to change that); when that fails, the error
 * starts with `loadFlow:` and says which files to serve and which option points at them. A corrupt, truncated or
 * mismatched file is rejected with a message that says what is wrong.
 */
export async function loadFlow(source: ModelSource, options: LoadFlowOptions = {}): Promise<Flow> {
  const { defaultSteps = DEFAULT_STEPS, ...setup } = options;
  try {
    await setupTfjs(setup);
  } catch (error) {
    throw new Error(`loadFlow: ${(error as Error).message}`, { cause: error });
  }
  const { model, normalization, training } = parseModelFile(await readSource(source));
  return new Flow(model, normalization, training, defaultSteps);
}
