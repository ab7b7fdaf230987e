import { setupTfjs, type SetupOptions } from '@otflow/backend';
import { parseModelFile } from '@otflow/model';
import { DEFAULT_STEPS, Flow } from './flow';

/** A model file as JSON text, a parsed object, bytes, or a `URL` to fetch (browsers, or Node's fetch). */
export type ModelSource = string | URL | ArrayBuffer | Uint8Array | Record<string, unknown>;

export interface LoadFlowOptions extends SetupOptions {
  /** RK4 steps for calls that pass no `nt`. Default 12, the reference's sampling setting. */
  defaultSteps?: number;
}

/** The model file's JSON text (or parsed object) from any {@link ModelSource}. */
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
 * tfjs first (wasm by default; pass `backend`, `wasmPaths` or `threads` to change that). A corrupt, truncated or
 * mismatched file is rejected with a message that says what is wrong.
 */
export async function loadFlow(source: ModelSource, options: LoadFlowOptions = {}): Promise<Flow> {
  const { defaultSteps = DEFAULT_STEPS, ...setup } = options;
  await setupTfjs(setup);
  const { model, normalization, training } = parseModelFile(await readSource(source));
  return new Flow(model, normalization, training, defaultSteps);
}
