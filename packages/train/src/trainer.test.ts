import * as tf from '@tensorflow/tfjs-core';
import { VelocityNetwork, type Potential } from '@otflow/model';
import { describe, expect, it } from 'vitest';
import { blobSource, checkpointAt, resumeInit, SMALL_SETTINGS, weightsOf } from '../test/training-fixtures';
import { trainingSettings, type TrainingSettings } from './presets';
import { Trainer } from './trainer';

function makeTrainer(overrides: Partial<TrainingSettings> = {}, seed = 1, modelKind?: 'potential' | 'velocity'): Trainer {
  return new Trainer({
    settings: trainingSettings('8gaussians', { ...SMALL_SETTINGS, ...overrides }),
    data: blobSource(seed),
    validation: blobSource(99).next(128),
    seed,
    modelKind,
  });
}

/** Runs `trainer` to its end and returns its final weights; disposes it. */
async function weightsAfterRun(trainer: Trainer): Promise<Record<string, number[]>> {
  await trainer.run();
  const weights = weightsOf(trainer);
  trainer.dispose();
  return weights;
}

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
    const bestModel = trainer.bestModel();
    expect(bestModel.getWeights().w).not.toBe(trainer.model.getWeights().w);
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

  it.each(['potential', 'velocity'] as const)('%s: is deterministic for a seed and resumes from a checkpoint to identical weights', async (kind) => {
    const expected = await weightsAfterRun(makeTrainer({}, 1, kind));
    expect(await weightsAfterRun(makeTrainer({}, 1, kind))).toEqual(expected);

    const interrupted = makeTrainer({}, 1, kind);
    const saved = await checkpointAt(interrupted, 7);
    interrupted.dispose();
    expect(saved.modelKind).toBe(kind);

    const resumed = Trainer.resume(saved, resumeInit());
    expect(resumed.model.kind).toBe(kind);
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
    const potential = trainer.model as Potential;
    tf.tidy(() => potential.w.assign(tf.fill(potential.w.shape, 1e38)));
    const event = trainer.step();
    expect(event.rolledBack).toMatch(/Non-finite objective or gradient at iteration 2: rolled back .* learning rate to 0.025/);
    expect(weightsOf(trainer)).toEqual(good);
    expect(trainer.learningRate).toBe(0.025);

    const hopeless = makeTrainer({ iterations: 20, validateEvery: 100 });
    const hopelessPotential = hopeless.model as Potential;
    tf.tidy(() => hopelessPotential.w.assign(tf.fill(hopelessPotential.w.shape, Number.NaN)));
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
    const settings = trainingSettings('8gaussians', SMALL_SETTINGS);
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

describe('Trainer with a velocity network (numerics §6)', () => {
  it('lowers the objective on a simple density, with no HJB term', async () => {
    const trainer = makeTrainer({ iterations: 40, learningRateDropEvery: 0, validateEvery: 10 }, 1, 'velocity');
    expect(trainer.model.kind).toBe('velocity');
    expect(trainer.model).toBeInstanceOf(VelocityNetwork);
    const first = trainer.step();
    const result = await trainer.run();
    expect(result.stopReason).toBe('completed');
    const validations = trainer.history.validations;
    expect(validations.map((v) => v.iteration)).toEqual([10, 20, 30, 40]);
    expect(validations[3].objective).toBeLessThan(first.record.objective);
    expect(validations[3].nll).toBeLessThan(validations[0].nll);
    expect(validations.map((v) => v.hjb)).toEqual([0, 0, 0, 0]);
    expect(trainer.history.iterations.every((record) => record.hjb === 0)).toBe(true);
    expect(trainer.validate().hjb).toBe(0);
    trainer.dispose();
  });

  it('reads a checkpoint without modelKind (written before velocity networks) as a potential', async () => {
    const expected = await weightsAfterRun(makeTrainer());

    const interrupted = makeTrainer();
    const saved = await checkpointAt(interrupted, 7);
    interrupted.dispose();
    expect(saved.modelKind).toBe('potential');
    delete saved.modelKind;

    const resumed = Trainer.resume(saved, resumeInit());
    expect(resumed.model.kind).toBe('potential');
    await resumed.run();
    expect(weightsOf(resumed)).toEqual(expected);
    expect(resumed.checkpoint().modelKind).toBe('potential');
    resumed.dispose();
  });

  it('rejects a velocity checkpoint whose config lacks m, and a rank r for a velocity network', async () => {
    const trainer = makeTrainer({}, 1, 'velocity');
    trainer.step();
    const saved = JSON.parse(JSON.stringify(trainer.checkpoint()));
    delete saved.config.m;
    expect(() => Trainer.resume(saved, resumeInit())).toThrow(
      'Invalid training checkpoint: "config" of a velocity network needs integer d, m, nTh. Resume from an intact checkpoint or start a new run.',
    );
    const strayRank = JSON.parse(JSON.stringify(trainer.checkpoint()));
    strayRank.config.r = 3;
    expect(() => Trainer.resume(strayRank, resumeInit())).toThrow('Invalid training checkpoint: "config" of a velocity network has no r.');
    const kindless = JSON.parse(JSON.stringify(trainer.checkpoint()));
    delete kindless.modelKind;
    expect(() => Trainer.resume(kindless, resumeInit())).toThrow(
      'Invalid training checkpoint: "config" of a potential (a checkpoint without "modelKind" holds a potential) needs integer d, m, nTh, r.',
    );
    const unknownKind = { ...JSON.parse(JSON.stringify(trainer.checkpoint())), modelKind: 'flow' };
    expect(() => Trainer.resume(unknownKind, resumeInit())).toThrow(
      'Invalid training checkpoint: "modelKind" must be "potential" or "velocity", got "flow".',
    );
    trainer.dispose();
    expect(
      () =>
        new Trainer({
          settings: trainingSettings('8gaussians', SMALL_SETTINGS),
          data: blobSource(1),
          validation: blobSource(99).next(16),
          seed: 1,
          modelKind: 'velocity',
          r: 3,
        }),
    ).toThrow(/r \(the quadratic term’s rank\) belongs to the potential/);
  });

  it('returns the best validated velocity network as an independent copy', async () => {
    const trainer = makeTrainer({ iterations: 20, learningRateDropEvery: 0, validateEvery: 10 }, 1, 'velocity');
    await trainer.run();
    const recorded = trainer.checkpoint().best;
    expect(recorded).not.toBeNull();
    const best = trainer.bestModel();
    expect(best.kind).toBe('velocity');
    expect(best).toBeInstanceOf(VelocityNetwork);
    expect(best.config).toEqual(trainer.model.config);
    expect(best).not.toBe(trainer.model);
    const bestWeights = Object.fromEntries(Object.entries(best.getWeights()).map(([k, v]) => [k, Array.from(v)]));
    expect(bestWeights).toEqual(recorded?.weights);
    // The copy's validation J is the recorded best.
    const checker = makeTrainer({}, 1, 'velocity');
    checker.model.setWeights(best.getWeights());
    expect(checker.validate().objective).toBe(trainer.best?.objective);
    checker.dispose();
    // Changing or freeing the copy leaves the trainer's model alone.
    const live = weightsOf(trainer);
    best.setWeights(Object.fromEntries(Object.entries(best.getWeights()).map(([k, v]) => [k, v.map(() => 0.5)])));
    expect(weightsOf(trainer)).toEqual(live);
    best.dispose();
    expect(trainer.model.isDisposed).toBe(false);
    expect(weightsOf(trainer)).toEqual(live);
    trainer.dispose();
  });
});
