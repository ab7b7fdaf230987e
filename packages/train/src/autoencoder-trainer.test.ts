import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { AutoencoderTrainer, type AutoencoderCheckpoint } from './autoencoder-trainer';
import type { AutoencoderSettings } from './autoencoder-settings';
import type { BatchSource, PointBatch } from './batch-source';
import { latentNormalization, standardizeCodes } from './latent-normalization';

/** 8-pixel "images": two bars at random heights, from a seeded stream whose state is the source's. */
function barSource(seed: number): BatchSource {
  let random = new Random(seed);
  return {
    d: 8,
    next(size: number): PointBatch {
      const data = new Float32Array(size * 8);
      for (let i = 0; i < size; i++) {
        const start = random.int(2) * 4;
        const height = 0.5 + 0.5 * random.uniform();
        for (let j = 0; j < 4; j++) data[i * 8 + start + j] = height;
      }
      return { data, rows: size, cols: 8 };
    },
    getState: () => random.state(),
    setState: (state) => {
      random = Random.fromState(state as ReturnType<Random['state']>);
    },
  };
}

const settings: AutoencoderSettings = {
  batchSize: 32,
  iterations: 40,
  learningRate: 0.02,
  learningRateDropEvery: 30,
  learningRateDropFactor: 10,
  validateEvery: 10,
};

const makeTrainer = (overrides: Partial<AutoencoderSettings> = {}) =>
  new AutoencoderTrainer({
    config: { inputSize: 8, latentSize: 2, latentActivation: 'identity' },
    settings: { ...settings, ...overrides },
    data: barSource(1),
    validation: barSource(9).next(64),
    seed: 3,
  });

describe('AutoencoderTrainer', () => {
  it('lowers the reconstruction error, validates on schedule and drops the learning rate', async () => {
    const trainer = makeTrainer();
    const first = trainer.validate();
    const result = await trainer.run();
    expect(result).toMatchObject({ stopReason: 'completed', iterations: 40 });
    expect(trainer.history.validations.map((v) => v.iteration)).toEqual([10, 20, 30, 40]);
    expect(result.best!.loss).toBeLessThan(first / 3);
    expect(trainer.history.iterations[29].learningRate).toBe(0.02);
    expect(trainer.learningRate).toBeCloseTo(0.002, 12);
    const lowest = [...trainer.history.validations].sort((a, b) => a.loss - b.loss)[0];
    expect(result.best).toEqual(lowest);
    const best = trainer.bestAutoencoder();
    expect(best.getWeights()).toEqual(trainer.autoencoder.getWeights()); // the last validation is the best here
    best.dispose();
    trainer.dispose();
  });

  it('is deterministic and resumes exactly from a checkpoint', async () => {
    const straight = makeTrainer();
    await straight.run();
    const controller = new AbortController();
    const interrupted = makeTrainer();
    let saved: AutoencoderCheckpoint | null = null;
    await interrupted.run({
      signal: controller.signal,
      checkpointEvery: 15,
      onCheckpoint: (checkpoint) => {
        saved = JSON.parse(JSON.stringify(checkpoint)) as AutoencoderCheckpoint;
        controller.abort();
      },
    });
    expect(saved!.iteration).toBe(15);
    interrupted.dispose();
    const resumed = AutoencoderTrainer.resume(saved, { data: barSource(1), validation: barSource(9).next(64) });
    await resumed.run();
    expect(resumed.autoencoder.getWeights()).toEqual(straight.autoencoder.getWeights());
    expect(resumed.history).toEqual(straight.history);
    straight.dispose();
    resumed.dispose();
  });

  it('keeps the tensor count flat across steps', () => {
    const trainer = makeTrainer();
    trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('rejects mismatched data, bad settings and damaged checkpoints', () => {
    const init = { settings, data: barSource(1), validation: barSource(9).next(4), seed: 0 };
    expect(() => new AutoencoderTrainer({ ...init, config: { inputSize: 9, latentSize: 2 } })).toThrow('The training images have 8 values each, but the autoencoder takes inputSize = 9.');
    expect(() => new AutoencoderTrainer({ ...init, config: { inputSize: 8 }, settings: { ...settings, learningRate: 0 } })).toThrow('learningRate must be a positive number, got 0.');
    expect(() => AutoencoderTrainer.resume({ format: 'otflow-checkpoint' }, init)).toThrow('Invalid autoencoder checkpoint: "format" is "otflow-checkpoint"');
  });
});

describe('latentNormalization', () => {
  it("is the reference's mean and √|E[x²] − mean²| + eps, and standardizes codes", () => {
    const codes = { data: Float32Array.from([1, 0, 3, 0, 5, 0]), rows: 3, cols: 2 };
    const normalization = latentNormalization(codes);
    expect(normalization.mean).toEqual([3, 0]);
    expect(normalization.std[0]).toBeCloseTo(Math.sqrt(8 / 3) + 1e-6, 12);
    expect(normalization.std[1]).toBe(1e-6); // a dead ReLU unit: only eps keeps it finite, as in the reference
    expect(Array.from(standardizeCodes(codes, normalization).data.filter((_, i) => i % 2 === 0))).toEqual(
      [-2, 0, 2].map((v) => Math.fround(v / (Math.sqrt(8 / 3) + 1e-6))),
    );
    expect(() => latentNormalization({ data: new Float32Array(2), rows: 1, cols: 2 }, 0)).toThrow('Latent dimension 1 is constant and eps is 0');
  });
});
