import { readFile } from 'node:fs/promises';
import type { Flow, ImageFlow, ModelSource } from '@otflow/runtime';
import { loadImageFlow } from '@otflow/runtime';
import { loadParallelFlow } from '@otflow/runtime/node';
import type { CommandContext } from '../cli/command';

/** A model file opened as what it is: a flow on points, or an image model. */
export type OpenedModel = { kind: 'flow'; flow: Flow } | { kind: 'image'; imageFlow: ImageFlow };

/** A model file's content, parsed when it is JSON (the loaders explain what is wrong with text that is not). */
export interface ModelFileContent {
  source: ModelSource;
  /** It holds an autoencoder: an image model. */
  isImage: boolean;
}

/** Reads a model file once, for the loaders to build from; messages name the path. */
export async function readModelFile(path: string): Promise<ModelFileContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Model file not found: ${path}. Check the path, or train one with "otflow train".`);
    throw new Error(`Could not read the model file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The loaders explain what is wrong with the text (line, column, truncation).
  }
  return { source: parsed as ModelSource, isImage: typeof parsed === 'object' && parsed !== null && 'autoencoder' in parsed };
}

/** `load`'s result; its error's message is prefixed with the model file's path. */
export async function withModelPath<T>(path: string, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Opens a model file on the command's backend as a {@link Flow} or, when it holds an autoencoder, an
 * {@link ImageFlow}. A flow integrates on `workers` threads (an image model on the calling thread). Messages name the
 * path.
 */
export async function openModel(path: string, context: CommandContext, workers = 1): Promise<OpenedModel> {
  const { source, isImage } = await readModelFile(path);
  const options = { backend: context.backend };
  return withModelPath<OpenedModel>(path, async () =>
    isImage ? { kind: 'image', imageFlow: await loadImageFlow(source, options) } : { kind: 'flow', flow: await loadParallelFlow(source, { ...options, workers }) },
  );
}

/** Opens an image model; a plain flow file gets a message saying the command needs an image model. */
export async function openImageModel(path: string, context: CommandContext, command: string): Promise<ImageFlow> {
  const opened = await openModel(path, context);
  if (opened.kind === 'image') return opened.imageFlow;
  const d = opened.flow.d;
  await opened.flow.dispose();
  throw new Error(`${path} is a flow on ${d}-dimensional points, not an image model (it has no autoencoder); "otflow ${command}" needs one from "otflow train mnist" or "otflow import-reference" of an MNIST checkpoint.`);
}
