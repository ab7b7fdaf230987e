import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@otflow/model/node';
import type { TrainerCheckpoint } from '@otflow/train';
import type { DataSpec } from '../data/data-spec';

export const RUN_CHECKPOINT_FORMAT = 'otflow-training-run';
export const RUN_CHECKPOINT_VERSION = 1;

/** Everything a run needs besides the trainer's state: where its data comes from and where its outputs go. */
export interface TrainingRunPlan {
  data: DataSpec;
  seed: number;
  validationFraction: number;
  /** Absolute paths. */
  outputs: { model: string; history: string; checkpoint: string };
}

/** The file `--resume` reads: the run's plan and the trainer's checkpoint. */
export interface RunCheckpointFile {
  format: typeof RUN_CHECKPOINT_FORMAT;
  version: typeof RUN_CHECKPOINT_VERSION;
  backend: string;
  plan: TrainingRunPlan;
  trainer: TrainerCheckpoint;
}

export async function writeRunCheckpoint(file: RunCheckpointFile): Promise<void> {
  await writeFileAtomic(file.plan.outputs.checkpoint, `${JSON.stringify(file)}\n`);
}

/** Reads a checkpoint for `--resume`; the trainer checks its own part when it resumes. */
export async function readRunCheckpoint(path: string): Promise<RunCheckpointFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Checkpoint not found: ${path}. Check the path given to --resume.`);
    throw new Error(`Could not read the checkpoint ${path}: ${(error as Error).message}`);
  }
  let file: Partial<RunCheckpointFile>;
  try {
    file = JSON.parse(text) as Partial<RunCheckpointFile>;
  } catch {
    throw new Error(`${path} is not valid JSON: the checkpoint is truncated or damaged; start the run again.`);
  }
  if (file?.format !== RUN_CHECKPOINT_FORMAT) {
    throw new Error(`${path} is not an otflow training checkpoint (format ${JSON.stringify(file?.format)}, expected "${RUN_CHECKPOINT_FORMAT}").`);
  }
  if (file.version !== RUN_CHECKPOINT_VERSION) {
    throw new Error(`${path} has checkpoint version ${JSON.stringify(file.version)}; this otflow reads version ${RUN_CHECKPOINT_VERSION}.`);
  }
  const plan = file.plan;
  if (!plan || typeof plan.seed !== 'number' || !plan.data || !plan.outputs || typeof plan.outputs.model !== 'string') {
    throw new Error(`${path}: the checkpoint's run plan is incomplete; start the run again.`);
  }
  return file as RunCheckpointFile;
}
