import { describe, expect, it } from 'vitest';
import { quantizeCoordinate } from '../src/data/stroke-codec';
import { DEFAULT_SETTINGS, settingsForData, type DemoSettings } from '../src/settings';
import { decodeSettings, encodeSettings } from '../src/url-state';

describe('URL state', () => {
  it('round-trips every setting, strokes and model included', () => {
    const settings: DemoSettings = {
      ...DEFAULT_SETTINGS,
      data: 'drawn',
      m: 16,
      nTh: 3,
      nt: 5,
      alphaC: 12.5,
      alphaR: 0,
      learningRate: 0.003,
      batchSize: 300,
      seed: 42,
      strokes: [[-1, 2, 0.5, 0.25, 3, -3].map(quantizeCoordinate), [0, 0].map(quantizeCoordinate)],
      model: '8gaussians',
      time: 0.37,
    };
    const query = encodeSettings(settings);
    const decoded = decodeSettings(query);
    expect(decoded.problems).toEqual([]);
    expect(decoded.settings).toEqual(settings);
    expect(encodeSettings(decoded.settings)).toBe(query);
  });

  it('gives the defaults for an empty query and writes them all out', () => {
    const { settings, problems } = decodeSettings('');
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    const query = new URLSearchParams(encodeSettings(settings));
    expect(query.get('data')).toBe('8gaussians');
    expect(query.get('lr')).toBe('0.1');
    expect(query.get('batch')).toBe('1024');
    expect(query.has('strokes')).toBe(false);
    expect(query.has('model')).toBe(false);
  });

  it('reports each invalid parameter by name and keeps its default', () => {
    const { settings, problems } = decodeSettings('?data=blobs&m=0&nt=2.5&lr=abc&seed=7&strokes=%%%&model=../x');
    expect(settings.data).toBe(DEFAULT_SETTINGS.data);
    expect(settings.m).toBe(DEFAULT_SETTINGS.m);
    expect(settings.nt).toBe(DEFAULT_SETTINGS.nt);
    expect(settings.learningRate).toBe(DEFAULT_SETTINGS.learningRate);
    expect(settings.seed).toBe(7);
    expect(settings.model).toBeNull();
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/data must be one of 8gaussians, .*got "blobs"/);
    expect(problems.join('\n')).toMatch(/URL parameter m must be between 4 and 256, got 0/);
    expect(problems.join('\n')).toMatch(/URL parameter nt must be a whole number from 1 to 64, got 2.5/);
    expect(problems.join('\n')).toMatch(/URL parameter lr must be a number, got NaN/);
    expect(problems.join('\n')).toMatch(/strokes/);
    expect(problems.join('\n')).toMatch(/model must be a shipped model's name/);
  });

  it('applies a dataset preset: numerics §7 nt, α and learning rate, without a model', () => {
    const swissroll = settingsForData('swissroll', { ...DEFAULT_SETTINGS, model: 'x', seed: 9 });
    expect(swissroll).toMatchObject({ data: 'swissroll', nt: 8, alphaC: 30, alphaR: 15, learningRate: 0.05, model: null, seed: 9 });
    expect(settingsForData('drawn', DEFAULT_SETTINGS)).toMatchObject({ data: 'drawn', nt: 8, alphaC: 30, alphaR: 1 });
  });
});
