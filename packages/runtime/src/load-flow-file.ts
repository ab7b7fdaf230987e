import { readFile } from 'node:fs/promises';
import type { Flow } from './flow';
import type { ImageFlow } from './image-flow';
import type { LoadFlowOptions, ModelSource } from './load-flow';
import { loadImageFlow } from './load-image-flow';
import { loadParallelFlow, type FlowWorkerOptions } from './worker-flow';

/**
 * Loads a model file from disk; a missing or unreadable file gives a message naming the path. With `workers` > 1
 * (default 1) the flow integrates on that many threads, as {@link loadParallelFlow}'s does.
 */
export function loadFlowFile(path: string, options: LoadFlowOptions & FlowWorkerOptions = {}): Promise<Flow> {
  return loadFromDisk(path, (text) => loadParallelFlow(text, { ...options, workers: options.workers ?? 1 }));
}

/** Loads an image model file from disk as an {@link ImageFlow}; messages name the path. */
export function loadImageFlowFile(path: string, options: LoadFlowOptions = {}): Promise<ImageFlow> {
  return loadFromDisk(path, (text) => loadImageFlow(text, options));
}

async function loadFromDisk<T>(path: string, load: (source: ModelSource) => Promise<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Model file not found: ${path}. Check the path, or train one with "otflow train".`);
    throw new Error(`Could not read the model file ${path}: ${(error as Error).message}`);
  }
  try {
    return await load(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
