import { readFile } from 'node:fs/promises';
import { loadFlow, type LoadFlowOptions, type ModelSource } from './load-flow';
import type { Flow } from './flow';
import type { ImageFlow } from './image-flow';
import { loadImageFlow } from './load-image-flow';

/** Loads a model file from disk; a missing or unreadable file gives a message naming the path. */
export function loadFlowFile(path: string, options: LoadFlowOptions = {}): Promise<Flow> {
  return loadFromDisk(path, options, loadFlow);
}

/** Loads an image model file from disk as an {@link ImageFlow}; messages name the path. */
export function loadImageFlowFile(path: string, options: LoadFlowOptions = {}): Promise<ImageFlow> {
  return loadFromDisk(path, options, loadImageFlow);
}

async function loadFromDisk<T>(path: string, options: LoadFlowOptions, load: (source: ModelSource, options: LoadFlowOptions) => Promise<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Model file not found: ${path}. Check the path, or train one with "otflow train".`);
    throw new Error(`Could not read the model file ${path}: ${(error as Error).message}`);
  }
  try {
    return await load(text, options);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
