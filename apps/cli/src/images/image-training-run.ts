import { rm } from 'node:fs/promises';
import { matrixBatchSource, type ImageSet } from '@otflow/datasets';
import { Autoencoder, type ImageSpec, type Normalization } from '@otflow/model';
import { saveModelFile, writeFileAtomic } from '@otflow/model/node';
import {
  AutoencoderTrainer,
  latentNormalization,
  standardizeCodes,
  type AutoencoderCheckpoint,
  type PointBatch,
  type TrainerCheckpoint,
  type ValidationRecord,
} from '@otflow/train';
import { ParallelTrainer } from '@otflow/train/node';
import type { CommandContext } from '../cli/command';
import { createAutoencoderProgress, createTrainingProgress } from '../cli/progress';
import { streamSeed } from '../data/stream-seed';
import { OTFLOW_VERSION } from '../version';
import { loadImageData } from './image-data';
import {
  IMAGE_RUN_CHECKPOINT_FORMAT,
  IMAGE_RUN_CHECKPOINT_VERSION,
  writeImageRunCheckpoint,
  type AutoencoderOutcome,
  type ImageRunCheckpointFile,
  type ImageRunPlan,
} from './image-run-checkpoint';

/** The image spec of a model trained here: the encoder sees pixels in [0, 1] and the decoder reproduces them. */
export const TRAINED_IMAGE_SPEC = (width: number, height: number): ImageSpec => ({
  width,
  height,
  channels: 1,
  pixelNormalization: { mean: 0, std: 1 },
  decoderOutput: 'pixels',
});

export interface ImageRunOptions {
  plan: ImageRunPlan;
  /** Where to start: a new run, or the phase a checkpoint saved. */
  resume: ImageRunCheckpointFile | null;
  checkpointEvery: number;
  logEvery: number;
  /** Threads the flow phase splits its batches over; undefined on resume: the checkpoint's count. */
  workers: number | undefined;
  context: CommandContext;
}

export interface ImageRunSummary {
  model: string;
  history: string;
  data: string;
  autoencoder: { iterations: number; bestValidationMse: number | null; wallSeconds: number; latentSize: number };
  flow: { iterations: number; best: ValidationRecord | null; wallSeconds: number; workers: number };
  seed: number;
  backend: string;
}

export type ImageRunOutcome =
  | { status: 'finished'; summary: ImageRunSummary }
  | { status: 'interrupted'; phase: 'autoencoder' | 'flow'; iteration: number; checkpoint: string };

const rowsOf = (set: ImageSet): PointBatch => ({ data: set.images.data, rows: set.images.rows, cols: set.images.cols });

function firstRows(batch: PointBatch, count: number): PointBatch {
  if (count <= 0 || count >= batch.rows) return batch;
  return { data: batch.data.subarray(0, count * batch.cols), rows: count, cols: batch.cols };
}

/**
 * Trains an image model in two phases, each checkpointed (atomically) and resumable: the autoencoder on the training
 * images, then the flow (the ordinary Trainer) on their standardized latent codes. A finished run saves one model
 * file (flow, latent normalization, autoencoder, image spec) and the history of both phases, then removes the
 * checkpoint; an interrupted one leaves the checkpoint.
 */
export async function runImageTraining(options: ImageRunOptions): Promise<ImageRunOutcome> {
  const { plan, resume, context } = options;
  const data = await loadImageData(plan.data, plan.seed);
  const progressOptions = { interactive: context.stderr.isTTY === true, logEvery: options.logEvery };
  const log = (line: string) => context.stderr.write(`${line}\n`);
  log(`Images: ${data.description}.`);
  const checkpointBase = { format: IMAGE_RUN_CHECKPOINT_FORMAT, version: IMAGE_RUN_CHECKPOINT_VERSION, backend: context.backend, plan } as const;

  let autoencoder: AutoencoderOutcome;
  if (resume?.phase === 'flow') {
    autoencoder = resume.autoencoder;
  } else {
    const outcome = await trainAutoencoder(options, data.train, data.validation, resume?.phase === 'autoencoder' ? resume.autoencoder : null);
    if (outcome.status === 'interrupted') return outcome;
    autoencoder = outcome.autoencoder;
  }

  // The flow's data: the training and validation images' codes, standardized with the training codes' statistics.
  const network = Autoencoder.fromWeights(autoencoder.config, autoencoder.weights);
  const encode = (set: ImageSet): PointBatch => ({ data: network.encodeValues(set.images.data), rows: set.images.rows, cols: autoencoder.config.latentSize });
  const trainCodes = encode(data.train);
  const validationCodes = firstRows(encode(data.validation), plan.validationSize);
  network.dispose();
  const normalization: Normalization = resume?.phase === 'flow' ? resume.normalization : latentNormalization(trainCodes);
  standardizeCodes(trainCodes, normalization);
  standardizeCodes(validationCodes, normalization);
  const init = {
    data: matrixBatchSource(trainCodes, { seed: streamSeed(plan.seed, 'training-batches') }),
    validation: validationCodes,
    workers: options.workers,
  };
  const trainer =
    resume?.phase === 'flow'
      ? await ParallelTrainer.resume(resume.flow, init)
      : await ParallelTrainer.create({ ...init, settings: plan.recipe.flow, seed: plan.seed, r: plan.recipe.flowRank });
  const progress = createTrainingProgress(context.stderr, progressOptions);
  try {
    progress.log(
      resume?.phase === 'flow'
        ? `Flow phase: resuming at iteration ${trainer.iteration} of ${trainer.settings.iterations}.`
        : `Flow phase: a potential on the ${autoencoder.config.latentSize}-d standardized codes of ${trainCodes.rows} images (${validationCodes.rows} to validate), batches split over ${trainer.workers} thread${trainer.workers === 1 ? '' : 's'}.`,
    );
    const result = await trainer.run({
      signal: context.signal,
      checkpointEvery: options.checkpointEvery,
      onProgress: (event) => progress.update(event),
      onCheckpoint: async (checkpoint: TrainerCheckpoint) => {
        if (trainer.isFinished && trainer.stopReason !== 'aborted') return;
        await writeImageRunCheckpoint({ ...checkpointBase, phase: 'flow', autoencoder, normalization, flow: checkpoint });
      },
    });
    progress.finish();
    if (result.stopReason === 'aborted') return { status: 'interrupted', phase: 'flow', iteration: result.iterations, checkpoint: plan.outputs.checkpoint };
    if (result.stopReason === 'diverged') throw new Error(result.message);
    const summary: ImageRunSummary = {
      model: plan.outputs.model,
      history: plan.outputs.history,
      data: data.description,
      autoencoder: {
        iterations: autoencoder.history.iterations.length,
        bestValidationMse: autoencoder.best?.loss ?? null,
        wallSeconds: autoencoder.wallSeconds,
        latentSize: autoencoder.config.latentSize,
      },
      flow: { iterations: result.iterations, best: result.best, wallSeconds: Number((result.elapsedMs / 1000).toFixed(2)), workers: trainer.workers },
      seed: plan.seed,
      backend: context.backend,
    };
    const best = trainer.bestModel();
    try {
      await saveModelFile(plan.outputs.model, best, {
        normalization,
        autoencoder: { config: autoencoder.config, weights: Object.fromEntries(Object.entries(autoencoder.weights).map(([k, v]) => [k, Float32Array.from(v)])) },
        image: TRAINED_IMAGE_SPEC(data.train.width, data.train.height),
        training: {
          dataset: plan.data.kind === 'digits' ? 'digits' : 'mnist',
          data: plan.data,
          recipe: plan.recipe,
          settings: plan.recipe.flow,
          seed: plan.seed,
          autoencoder: summary.autoencoder,
          iterations: result.iterations,
          stopReason: result.stopReason,
          bestValidation: result.best,
          wallSeconds: summary.flow.wallSeconds,
          workers: trainer.workers,
          backend: context.backend,
          createdAt: new Date().toISOString(),
          otflowVersion: OTFLOW_VERSION,
        },
      });
    } finally {
      best.dispose();
    }
    await writeFileAtomic(plan.outputs.history, `${JSON.stringify({ autoencoder: autoencoder.history, flow: trainer.history })}\n`);
    await rm(plan.outputs.checkpoint, { force: true });
    return { status: 'finished', summary };
  } finally {
    progress.finish();
    await trainer.dispose();
  }
}

async function trainAutoencoder(
  options: ImageRunOptions,
  train: ImageSet,
  validation: ImageSet,
  checkpoint: AutoencoderCheckpoint | null,
): Promise<{ status: 'done'; autoencoder: AutoencoderOutcome } | Extract<ImageRunOutcome, { status: 'interrupted' }>> {
  const { plan, context } = options;
  const init = { data: matrixBatchSource(train.images, { seed: streamSeed(plan.seed, 'autoencoder-batches') }), validation: rowsOf(validation) };
  const trainer =
    checkpoint === null
      ? new AutoencoderTrainer({ ...init, config: plan.recipe.autoencoder.config, settings: plan.recipe.autoencoder.settings, seed: plan.seed })
      : AutoencoderTrainer.resume(checkpoint, init);
  const progress = createAutoencoderProgress(context.stderr, { interactive: context.stderr.isTTY === true, logEvery: options.logEvery });
  try {
    const { latentSize, hidden } = trainer.autoencoder.config;
    progress.log(
      checkpoint === null
        ? `Autoencoder phase: ${[train.images.cols, ...hidden, latentSize].join(' → ')} on ${train.images.rows} images.`
        : `Autoencoder phase: resuming at iteration ${trainer.iteration} of ${trainer.settings.iterations}.`,
    );
    const result = await trainer.run({
      signal: context.signal,
      checkpointEvery: options.checkpointEvery,
      onProgress: (event) => progress.update(event),
      onCheckpoint: async (saved) => {
        if (trainer.isFinished && !context.signal.aborted) return;
        await writeImageRunCheckpoint({ format: IMAGE_RUN_CHECKPOINT_FORMAT, version: IMAGE_RUN_CHECKPOINT_VERSION, backend: context.backend, plan, phase: 'autoencoder', autoencoder: saved });
      },
    });
    progress.finish();
    if (result.stopReason === 'aborted') return { status: 'interrupted', phase: 'autoencoder', iteration: result.iterations, checkpoint: plan.outputs.checkpoint };
    const best = trainer.bestAutoencoder();
    const weights = Object.fromEntries(Object.entries(best.getWeights()).map(([name, values]) => [name, Array.from(values)]));
    best.dispose();
    return {
      status: 'done',
      autoencoder: {
        config: trainer.autoencoder.config,
        weights,
        best: result.best,
        history: { iterations: [...trainer.history.iterations], validations: [...trainer.history.validations] },
        wallSeconds: Number((result.elapsedMs / 1000).toFixed(2)),
      },
    };
  } finally {
    progress.finish();
    trainer.dispose();
  }
}
