import { readFile } from 'node:fs/promises';
import { loadFlow, type LoadFlowOptions } from './load-flow';
import type { Flow } from './flow';

/** Loads a model file from disk; a missing or unreadable file gives a message naming the path. */
export async function loadFlowFile(path: string, options: LoadFlowOptions = {}): Promise<Flow> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Model file not found: ${path}. Check the path, or train one with "otflow train".`);
    throw new Error(`Could not read the model file ${path}: ${(error as Error).message}`);
  }
  try {
    return await loadFlow(text, options);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
