import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { drawnBatchSource } from '../src/data/drawn-batch-source';
import { BRUSH_SIGMA, DrawnDensity } from '../src/data/drawn-density';

describe('DrawnDensity', () => {
  it('spaces mixture centres evenly along a stroke, however it was sampled', () => {
    const coarse = new DrawnDensity([[0, 0, 2, 0]], 0.5);
    const fine = new DrawnDensity([[0, 0, 0.3, 0, 1.1, 0, 2, 0]], 0.5);
    expect(Array.from(coarse.centres)).toEqual([0, 0, 0.5, 0, 1, 0, 1.5, 0, 2, 0]);
    expect(Array.from(fine.centres).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 0, 0.5, 0, 1, 0, 1.5, 0, 2, 0]);
  });

  it('keeps a single-point stroke as one centre', () => {
    expect(Array.from(new DrawnDensity([[1, -1]]).centres)).toEqual([1, -1]);
  });

  it('samples around the strokes with the brush spread', () => {
    const density = new DrawnDensity([[-3, 2, 3, 2]]);
    const points = density.sample(20_000, new Random(3));
    let meanY = 0;
    let varianceY = 0;
    let minX = Infinity;
    let maxX = -Infinity;
    for (let i = 0; i < points.length; i += 2) {
      meanY += points[i + 1] / 20_000;
      minX = Math.min(minX, points[i]);
      maxX = Math.max(maxX, points[i]);
    }
    for (let i = 0; i < points.length; i += 2) varianceY += (points[i + 1] - meanY) ** 2 / 20_000;
    expect(meanY).toBeCloseTo(2, 1);
    expect(Math.sqrt(varianceY)).toBeCloseTo(BRUSH_SIGMA, 2);
    expect(minX).toBeLessThan(-3);
    expect(maxX).toBeGreaterThan(3);
  });

  it('rejects an empty drawing and malformed strokes, naming the stroke', () => {
    expect(() => new DrawnDensity([])).toThrow(/The drawing is empty/);
    expect(() => new DrawnDensity([[0, 0], [1, 2, 3]])).toThrow(/Stroke 2 must be finite x, y pairs/);
  });

  it('gives a batch source that replays from its state', () => {
    const source = drawnBatchSource(new DrawnDensity([[0, 0, 1, 1]]), 'seed');
    source.next(5);
    const state = source.getState();
    const first = source.next(4);
    source.setState(state);
    expect(source.next(4)).toEqual(first);
    expect(first).toMatchObject({ rows: 4, cols: 2 });
  });
});
