import { batchedMeanCosts, type MeanCosts } from '@otflow/loss';
import { batchGradient } from './batch-gradient';
import { TrainingLoop, type ProgressEvent, type ResumeInit, type TrainerInit } from './training-loop';

/**
 * Trains an OT-Flow potential (or a velocity network) with Adam on numerics §5's objective: fresh batches every `resampleEvery` steps,
 * validation with its own nt, a best-model snapshot (a real copy), learning-rate drops on a schedule and on
 * validation plateaus with early stopping, optional weight clamping, and a guard that rolls a non-finite step back
 * and lowers the learning rate. Computes on the calling thread (in Node, `@otflow/train/node`'s ParallelTrainer uses
 * every core). Deterministic for a seed and backend; checkpoints resume exactly.
 */
export class Trainer extends TrainingLoop {
  /** Every batch is computed whole, on the calling thread. */
  readonly workers = 1;

  constructor(init: TrainerInit) {
    super(init);
  }

  /** Resumes a run exactly where `checkpoint` left it; `data` and `validation` must be the ones it ran with. */
  static resume(checkpoint: unknown, init: ResumeInit): Trainer {
    const resumed = TrainingLoop.resumeInit(checkpoint, init);
    const trainer = new Trainer(resumed.init);
    trainer.restore(resumed.saved);
    return trainer;
  }

  step(): ProgressEvent {
    const started = this.beginStep();
    const gradient = batchGradient(this.model, this.batch!, { nt: this.settings.nt, alph: this.alph });
    const applied = this.applyGradient(started, gradient);
    return this.endStep(applied, applied.validationDue ? this.validate() : undefined);
  }

  validate(): MeanCosts {
    return batchedMeanCosts(this.model, this.validationSet, {
      nt: this.settings.ntVal,
      alph: this.alph,
      batchSize: this.settings.batchSize,
    });
  }

  /** Frees every tensor of the run. */
  override dispose(): void {
    super.dispose();
  }
}
