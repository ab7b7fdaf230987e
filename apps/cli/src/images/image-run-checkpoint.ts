import { readFile } from 'node:fs/promises';
import type { AutoencoderConfig, Normalization } from '@otflow/model';
import { writeFileAtomic } from '@otflow/model/node';
import type { AutoencoderCheckpoint, AutoencoderIterationRecord, AutoencoderValidationRecord, ImageRecipe, TrainerCheckpoint } from '@otflow/train';
import type { ImageDataSpec } from './image-data';

export const IMAGE_RUN_CHECKPOINT_FORMAT = 'otflow-image-training-run';
export const IMAGE_RUN_CHECKPOINT_VERSION = 1;

/** Everything an image run needs besides the trainers' states. */
export interface ImageRunPlan {
  data: ImageDataSpec;
  seed: number;
  recipe: ImageRecipe;
  /** Flow validation: at most this many validation images (0: all). */
  validationSize: number;
  /** Absolute paths. */
  outputs: { model: string; history: string; checkpoint: string };
}

/** The finished autoencoder phase, as the flow phase needs it. */
export interface AutoencoderOutcome {
  config: AutoencoderConfig;
  /** The best validated weights. */
  weights: Record<string, number[]>;
  best: AutoencoderValidationRecord | null;
  history: { iterations: AutoencoderIterationRecord[]; validations: AutoencoderValidationRecord[] };
  wallSeconds: number;
}

/** The file `otflow train mnist --resume` reads: the plan and the phase it stopped in. */
export type ImageRunCheckpointFile = {
  format: typeof IMAGE_RUN_CHECKPOINT_FORMAT;
  version: typeof IMAGE_RUN_CHECKPOINT_VERSION;
  backend: string;
  plan: ImageRunPlan;
} & (
  | { phase: 'autoencoder'; autoencoder: AutoencoderCheckpoint }
  | { phase: 'flow'; autoencoder: AutoencoderOutcome; normalization: Normalization; flow: TrainerCheckpoint }
);

export async function writeImageRunCheckpoint(file: ImageRunCheckpointFile): Promise<void> {
  await writeFileAtomic(file.plan.outputs.checkpoint, `${JSON.stringify(file)}\n`);
}

/** Reads an image run's checkpoint for `--resume`; the trainers check their own parts when they resume. */
export async function readImageRunCheckpoint(path: string): Promise<ImageRunCheckpointFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Checkpoint not found: ${path}. Check the path given to --resume.`);
    throw new Error(`Could not read the checkpoint ${path}: ${(error as Error).message}`);
  }
  let file: Partial<ImageRunCheckpointFile>;
  try {
    file = JSON.parse(text) as Partial<ImageRunCheckpointFile>;
  } catch {
    throw new Error(`${path} is not valid JSON: the checkpoint is truncated or damaged; start the run again.`);
  }
  if (file?.format !== IMAGE_RUN_CHECKPOINT_FORMAT) {
    const hint = file?.format === 'otflow-training-run' ? ' (a flow run: resume it with "otflow train --resume")' : '';
    throw new Error(`${path} is not an otflow image training checkpoint (format ${JSON.stringify(file?.format)}, expected "${IMAGE_RUN_CHECKPOINT_FORMAT}")${hint}.`);
  }
  if (file.version !== IMAGE_RUN_CHECKPOINT_VERSION) {
    throw new Error(`${path} has checkpoint version ${JSON.stringify(file.version)}; this otflow reads version ${IMAGE_RUN_CHECKPOINT_VERSION}.`);
  }
  if (!file.plan || typeof file.plan.seed !== 'number' || !file.plan.outputs || (file.phase !== 'autoencoder' && file.phase !== 'flow')) {
    throw new Error(`${path}: the checkpoint's run plan is incomplete; start the run again.`);
  }
  return file as ImageRunCheckpointFile;
}
