import { describe, expect, it } from 'vitest';
import { settingsForData } from './data-settings';
import { TABULAR_PRESETS } from './presets';

describe('settings fitted to a data set of the user’s own', () => {
  it('trains a small 2-D file full-batch with the 2-D recipe, for 600 steps', () => {
    expect(settingsForData({ d: 2, trainRows: 900 })).toEqual({
      m: 32,
      nTh: 2,
      nt: 6,
      ntVal: 12,
      batchSize: 900,
      alph: [1, 30, 1],
      iterations: 600,
      learningRate: 0.05,
      learningRateDropEvery: 150,
      learningRateDropFactor: 2,
      resampleEvery: 1,
      validateEvery: 25,
      validationSize: 0,
      earlyStoppingPatience: 0,
      maxPlateauDrops: 0,
      clampWeights: 0,
    });
  });

  it('grows width, batch and iterations with the data, within bounds', () => {
    const power = settingsForData({ d: 6, trainRows: 1_659_917 });
    expect(power).toMatchObject({ m: 96, nt: 8, ntVal: 16, batchSize: 2000, alph: [1, 500, 5], iterations: 20_000, clampWeights: 1.5, validateEvery: 250 });
    expect(power.learningRateDropEvery).toBe(5000);
    // A wide network on a few thousand rows would learn the rows: the width stays at 32 there, whatever d.
    expect(settingsForData({ d: 40, trainRows: 3000 }).m).toBe(32);
    expect(settingsForData({ d: 40, trainRows: 40_000 }).m).toBe(64);
    expect(settingsForData({ d: 63, trainRows: 1_000_000 }).m).toBe(256);
    const medium = settingsForData({ d: 2, trainRows: 100_000 });
    expect(medium).toMatchObject({ m: 32, batchSize: 1024, iterations: Math.ceil((50 * 100_000) / 1024) });
    // The published tabular recipe at d ≥ 4: the same objective weights and clamping as POWER's row.
    expect(power.alph).toEqual(TABULAR_PRESETS.power.alph);
    expect(power.clampWeights).toBe(TABULAR_PRESETS.power.clampWeights);
  });

  it('lets every field be overridden, and checks the result', () => {
    expect(settingsForData({ d: 2, trainRows: 500 }, { m: 64, iterations: undefined, learningRate: 0.01 })).toMatchObject({
      m: 64,
      iterations: 600,
      learningRate: 0.01,
    });
    expect(() => settingsForData({ d: 2, trainRows: 500 }, { nt: 0 })).toThrow('nt must be a positive integer, got 0.');
  });

  it('rejects a shape it cannot fit', () => {
    expect(() => settingsForData({ d: 0, trainRows: 10 })).toThrow("The data's dimension d must be a positive integer, got 0.");
    expect(() => settingsForData({ d: 2, trainRows: 0 })).toThrow('The data needs at least one training row to choose settings for, got 0.');
  });
});
