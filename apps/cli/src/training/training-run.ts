import { rm } from 'node:fs/promises';
import type { Normalization } from '@otflow/datasets';
import type { FlowModelKind } from '@otflow/model';
import { saveModelFile, writeFileAtomic } from '@otflow/model/node';
import { settingsForData, type DataShape, type TrainerCheckpoint, type TrainingLoop, type TrainingResult, type TrainingSettings, type ValidationRecord } from '@otflow/train';
import { ParallelTrainer } from '@otflow/train/node';
import type { CommandContext } from '../cli/command';
import { createTrainingProgress } from '../cli/progress';
import { describeDataSpec } from '../data/data-spec';
import { loadTrainingData } from '../data/training-data';
import { OTFLOW_VERSION } from '../version';
import { RUN_CHECKPOINT_FORMAT, RUN_CHECKPOINT_VERSION, writeRunCheckpoint, type TrainingRunPlan } from './run-checkpoint';
import { describeSettings } from './describe-settings';
import type { RunSettings } from './settings-flags';

export interface TrainingRunOptions {
  plan: TrainingRunPlan;
  /** A new run with these settings, or one resumed from a trainer checkpoint. */
  start: { settings: RunSettings; modelKind?: FlowModelKind; r?: number } | { checkpoint: TrainerCheckpoint };
  /** Write the checkpoint every this many iterations (0: only when interrupted). */
  checkpointEvery: number;
  /** Log-line interval when stderr is not a terminal. */
  logEvery: number;
  /** Shards of each batch: this thread computes one, worker threads the others. */
  workers: number;
  context: CommandContext;
}

/** What `otflow train --json` prints. */
export interface TrainingSummary {
  model: string;
  history: string;
  dataset: string;
  /** `potential` or `velocity`. */
  modelKind: FlowModelKind;
  d: number;
  iterations: number;
  stopReason: string;
  message: string;
  best: ValidationRecord | null;
  wallSeconds: number;
  seed: number;
  backend: string;
  /** Threads the batches were split over (the last stretch of a resumed run). */
  workers: number;
  settings: TrainingSettings;
  /** The data's size when the settings were fitted to it (a file of the user's own), else null. */
  settingsFittedTo: DataShape | null;
}

export type TrainingRunOutcome =
  | { status: 'finished'; summary: TrainingSummary; history: TrainingLoop['history']; normalization: Normalization | null }
  | { status: 'interrupted'; iteration: number; checkpoint: string };

/**
 * Trains as the plan says, with progress on stderr and checkpoints (atomic) along the way. A finished run saves the
 * best validated weights with the normalization and training metadata, and the loss history, then removes its
 * checkpoint; an interrupted one (the context's signal) leaves a checkpoint to resume from. A diverged run fails.
 */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingRunOutcome> {
  const { plan, start, context } = options;
  const requested: RunSettings = 'checkpoint' in start ? { preset: start.checkpoint.settings } : start.settings;
  const progress = createTrainingProgress(context.stderr, {
    interactive: context.stderr.isTTY === true,
    logEvery: options.logEvery,
  });
  const data = await loadTrainingData(plan.data, {
    seed: plan.seed,
    validationSize: 'preset' in requested ? requested.preset.validationSize : (requested.fitToData.validationSize ?? 0),
    validationFraction: plan.validationFraction,
  });
  for (const note of data.notes) progress.log(note);
  const shape: DataShape = { d: data.d, trainRows: data.rows.train ?? 0 };
  const settings = 'preset' in requested ? requested.preset : settingsForData(shape, requested.fitToData);
  if ('fitToData' in requested) {
    const flagged = Object.values(requested.fitToData).some((value) => value !== undefined);
    progress.log(
      `Settings fitted to ${data.rows.train?.toLocaleString('en-US')} training rows × ${data.d} columns${flagged ? ', with your flags on top' : ''}: ` +
        `${describeSettings(settings)}. Flags override any of them.`,
    );
  } else if (!('checkpoint' in start)) {
    progress.log(`Settings: ${describeSettings(settings)}.`);
  }
  if (data.rows.train !== null && data.rows.train < settings.batchSize) {
    progress.log(`The batch size ${settings.batchSize} exceeds the ${data.rows.train} training rows: every batch is the whole training set.`);
  }
  const init = { data: data.batches, validation: data.validation, workers: options.workers };
  const trainer =
    'checkpoint' in start
      ? await ParallelTrainer.resume(start.checkpoint, init)
      : await ParallelTrainer.create({ ...init, settings, seed: plan.seed, modelKind: start.modelKind, r: start.r });
  try {
    if ('checkpoint' in start) progress.log(`Resuming at iteration ${trainer.iteration} of ${settings.iterations}.`);
    const result = await trainer.run({
      signal: context.signal,
      checkpointEvery: options.checkpointEvery,
      onProgress: (event) => progress.update(event),
      onCheckpoint: async (checkpoint) => {
        // The run's last call: a finished run saves its model instead, so only an interrupted one needs this.
        if (trainer.isFinished && trainer.stopReason !== 'aborted') return;
        await writeRunCheckpoint({
          format: RUN_CHECKPOINT_FORMAT,
          version: RUN_CHECKPOINT_VERSION,
          backend: context.backend,
          plan,
          trainer: checkpoint,
        });
      },
    });
    if (result.stopReason === 'aborted') {
      return { status: 'interrupted', iteration: result.iterations, checkpoint: plan.outputs.checkpoint };
    }
    if (result.stopReason === 'diverged') throw new Error(result.message);
    // A file's settings are always fitted to it (a resumed run's were, when it started).
    const summary = summarize(plan, result, settings, plan.data.kind === 'file' ? shape : null, trainer, data.d, context.backend);
    await saveOutputs(trainer, plan, summary, data.normalization, data.rows);
    await rm(plan.outputs.checkpoint, { force: true });
    return { status: 'finished', summary, history: trainer.history, normalization: data.normalization };
  } finally {
    progress.finish();
    await trainer.dispose();
  }
}

function summarize(
  plan: TrainingRunPlan,
  result: TrainingResult,
  settings: TrainingSettings,
  settingsFittedTo: DataShape | null,
  trainer: TrainingLoop,
  d: number,
  backend: string,
): TrainingSummary {
  return {
    model: plan.outputs.model,
    history: plan.outputs.history,
    dataset: describeDataSpec(plan.data),
    modelKind: trainer.model.kind,
    d,
    iterations: result.iterations,
    stopReason: result.stopReason,
    message: result.message,
    best: result.best,
    wallSeconds: Number((result.elapsedMs / 1000).toFixed(2)),
    seed: plan.seed,
    backend,
    workers: trainer.workers,
    settings,
    settingsFittedTo,
  };
}

async function saveOutputs(
  trainer: TrainingLoop,
  plan: TrainingRunPlan,
  summary: TrainingSummary,
  normalization: Normalization | null,
  rows: { train: number | null; validation: number },
): Promise<void> {
  const best = trainer.bestModel();
  try {
    await saveModelFile(plan.outputs.model, best, {
      normalization,
      training: {
        dataset: summary.dataset,
        modelKind: summary.modelKind,
        data: plan.data,
        rows,
        validationFraction: plan.data.kind === 'file' ? plan.validationFraction : undefined,
        settings: summary.settings,
        settingsFittedTo: summary.settingsFittedTo ?? undefined,
        seed: plan.seed,
        iterations: summary.iterations,
        stopReason: summary.stopReason,
        bestValidation: summary.best,
        wallSeconds: summary.wallSeconds,
        backend: summary.backend,
        workers: summary.workers,
        createdAt: new Date().toISOString(),
        otflowVersion: OTFLOW_VERSION,
      },
    });
  } finally {
    best.dispose();
  }
  await writeFileAtomic(plan.outputs.history, `${JSON.stringify(trainer.history)}\n`);
}
