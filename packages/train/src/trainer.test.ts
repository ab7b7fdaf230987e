import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import type { BatchSource, PointBatch } from './batch-source';
import { trainingSettings, type TrainingSettings } from './presets';
import { Trainer } from './trainer';

/** Two Gaussian blobs in 2-D, drawn from a seeded stream whose state is the source's state. */
function blobSource(seed: number): BatchSource {
  let random = new Random(seed);
  return {
    d: 2,
    next(size: number): PointBatch {
      const data = new Float32Array(size * 2);
      for (let i = 0; i < size; i++) {
        const centre = random.bernoulli() ? 1.5 : -1.5;
        data[2 * i] = centre + 0.4 * random.normal();
        data[2 * i + 1] = 0.4 * random.normal();
      }
      return { data, rows: size, cols: 2 };
    },
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
}

const small: Partial<TrainingSettings> = {
  m: 8,
  nt: 2,
  ntVal: 3,
  batchSize: 64,
  iterations: 12,
  learningRate: 0.05,
  learningRateDropEvery: 5,
  resampleEvery: 3,
  validateEvery: 4,
};

function makeTrainer(overrides: Partial<TrainingSettings> = {}, seed = 1): Trainer {
  return new Trainer({
    settings: trainingSettings('8gaussians', { ...small, ...overrides }),
    data: blobSource(seed),
    validation: blobSource(99).next(128),
    seed,
  });
}

const weightsOf = (trainer: Trainer) =>
  Object.fromEntries(Object.entries(trainer.potential.getWeights()).map(([k, v]) => [k, Array.from(v)]));

describe('Trainer', () => {
  it('lowers the objective on a simple density and keeps the best validated model', async () => {
    const trainer = makeTrainer({ iterations: 40, learningRateDropEvery: 0, validateEvery: 10 });
    const first = trainer.step();
    const result = await trainer.run();
    expect(result.stopReason).toBe('completed');
    expect(result.iterations).toBe(40);
    const validations = trainer.history.validations;
    expect(validations.map((v) => v.iteration)).toEqual([10, 20, 30, 40]);
    expect(validations[3].objective).toBeLessThan(first.record.objective);
    const best = validations.reduce((a, b) => (b.objective < a.objective ? b : a));
    expect(result.best).toEqual(best);
    const bestModel = trainer.bestPotential();
    expect(bestModel.getWeights().w).not.toBe(trainer.potential.getWeights().w);
    bestModel.dispose();
    trainer.dispose();
  });

  it('follows the learning-rate schedule', async () => {
    const trainer = makeTrainer();
    const rates: number[] = [];
    await trainer.run({ onProgress: (e) => rates.push(e.record.learningRate) });
    expect(rates.slice(0, 5).every((r) => r === 0.05)).toBe(true);
    expect(rates.slice(5, 10).every((r) => r === 0.025)).toBe(true);
    expect(rates[10]).toBe(0.0125);
    trainer.dispose();
  });

  it('is deterministic for a seed and resumes from a checkpoint to identical weights', async () => {
    const straight = makeTrainer();
    await straight.run();
    const expected = weightsOf(straight);
    straight.dispose();

    const again = makeTrainer();
    await again.run();
    expect(weightsOf(again)).toEqual(expected);
    again.dispose();

    const interrupted = makeTrainer();
    const controller = new AbortController();
    let saved: unknown = null;
    const partial = await interrupted.run({
      signal: controller.signal,
      checkpointEvery: 7,
      onCheckpoint: (checkpoint) => {
        saved = JSON.parse(JSON.stringify(checkpoint));
        controller.abort();
      },
    });
    expect(partial.stopReason).toBe('aborted');
    expect(partial.iterations).toBe(7);
    interrupted.dispose();

    const resumed = Trainer.resume(saved, { data: blobSource(1), validation: blobSource(99).next(128) });
    expect(resumed.iteration).toBe(7);
    const result = await resumed.run();
    expect(result.iterations).toBe(12);
    expect(weightsOf(resumed)).toEqual(expected);
    expect(resumed.history.iterations.map((r) => r.iteration)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    resumed.dispose();
  });

  it('does not grow tfjs memory over 50 iterations', async () => {
    const trainer = makeTrainer({ iterations: 60, validateEvery: 10, clampWeights: 1.5 });
    await trainer.run({ signal: AbortSignal.timeout(600_000) });
    const trainer2 = makeTrainer({ iterations: 60, validateEvery: 10, clampWeights: 1.5 });
    for (let i = 0; i < 10; i++) trainer2.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) trainer2.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    trainer2.dispose();
  });

  it('rolls a non-finite step back and lowers the learning rate, then gives up with a clear message', () => {
    const trainer = makeTrainer({ iterations: 20, validateEvery: 100, learningRateDropEvery: 0 });
    // The last weights whose objective was seen finite: those the first step started from.
    const good = weightsOf(trainer);
    trainer.step();
    tf.tidy(() => trainer.potential.w.assign(tf.fill(trainer.potential.w.shape, 1e38)));
    const event = trainer.step();
    expect(event.rolledBack).toMatch(/Non-finite objective or gradient at iteration 2: rolled back .* learning rate to 0.025/);
    expect(weightsOf(trainer)).toEqual(good);
    expect(trainer.learningRate).toBe(0.025);

    const hopeless = makeTrainer({ iterations: 20, validateEvery: 100 });
    tf.tidy(() => hopeless.potential.w.assign(tf.fill(hopeless.potential.w.shape, Number.NaN)));
    hopeless.step();
    expect(hopeless.stopReason).toBe('diverged');
    expect(hopeless.result().message).toMatch(/Training diverged at iteration 1: .*Try a smaller learning rate/);
    trainer.dispose();
    hopeless.dispose();
  });

  it('divides the learning rate on validation plateaus and stops after the last drop', async () => {
    // A learning rate this small leaves float32 weights (and so the validation J) unchanged: every validation
    // after the first is a plateau.
    const trainer = makeTrainer({
      iterations: 50,
      learningRate: 1e-30,
      learningRateDropEvery: 0,
      validateEvery: 1,
      earlyStoppingPatience: 1,
      maxPlateauDrops: 2,
      learningRateDropFactor: 10,
    });
    const result = await trainer.run();
    expect(result.stopReason).toBe('early-stopped');
    expect(result.iterations).toBe(4);
    expect(result.message).toMatch(/Early stop at iteration 4: .* after 2 learning-rate drops/);
    expect(trainer.learningRate).toBeCloseTo(1e-32, 40);
    trainer.dispose();
  });

  it('clamps every weight before each step when asked', () => {
    const trainer = makeTrainer({ clampWeights: 0.05, learningRate: 1e-6 });
    trainer.step();
    for (const values of Object.values(weightsOf(trainer))) {
      for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(0.05 + 1e-5);
    }
    trainer.dispose();
  });

  it('rejects bad data and checkpoints with messages that say what is wrong', () => {
    const settings = trainingSettings('8gaussians', small);
    const validation = blobSource(2).next(4);
    validation.data[5] = Number.NaN;
    expect(() => new Trainer({ settings, data: blobSource(1), validation, seed: 1 })).toThrow(
      /validation set has a non-finite value \(NaN\) at row 3, column 2/,
    );
    expect(() => new Trainer({ settings, data: blobSource(1), validation: { data: new Float32Array(3), rows: 1, cols: 3 }, seed: 1 })).toThrow(
      /validation set must be a non-empty rows × 2 matrix, got 1 × 3/,
    );
    expect(() => Trainer.resume({ format: 'something-else' }, { data: blobSource(1), validation: blobSource(2).next(4) })).toThrow(
      /Invalid training checkpoint: "format" is "something-else"/,
    );
    expect(() => trainingSettings('8gaussians', { nt: 0 })).toThrow(/nt must be a positive integer, got 0/);
    expect(() => trainingSettings('mnist')).toThrow(/No training settings for "mnist": choose one of 8gaussians, checkerboard/);
  });
});
