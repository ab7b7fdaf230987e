import { readFile } from 'node:fs/promises';
import { modelFileToJSON, parseModelFile, serializeModel, type LoadedModel, type ModelMetadata } from './model-file';
import type { FlowModel } from './flow-model';
import { writeFileAtomic } from './write-file-atomic';

/** Saves a model (with optional normalization and training metadata) as a model file, atomically. */
export async function saveModelFile(path: string, model: FlowModel, metadata: ModelMetadata = {}): Promise<void> {
  await writeFileAtomic(path, modelFileToJSON(serializeModel(model, metadata)));
}

/** Reads and validates a model file; errors name the path. */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Model file not found: ${path}`, { cause: error });
    throw new Error(`Could not read model file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseModelFile(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
