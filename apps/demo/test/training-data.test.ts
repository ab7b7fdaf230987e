import { describe, expect, it } from 'vitest';
import { DISPLAY_SIZE, prepareTrainingData, VALIDATION_SIZE } from '../src/worker/training-data';

function columnMean(data: Float32Array, column: number): number {
  let sum = 0;
  for (let i = column; i < data.length; i += 2) sum += data[i];
  return sum / (data.length / 2);
}

describe('prepareTrainingData', () => {
  it('samples toy data in data units, reproducibly for a seed', () => {
    const a = prepareTrainingData({ kind: 'toy', name: 'moons' }, 3, null);
    const b = prepareTrainingData({ kind: 'toy', name: 'moons' }, 3, null);
    expect(a.normalization).toBeNull();
    expect(a.validation.rows).toBe(VALIDATION_SIZE);
    expect(a.display.rows).toBe(DISPLAY_SIZE);
    expect(a.source.next(8)).toEqual(b.source.next(8));
    expect(a.bounds).toEqual([[-4.5, 4.5], [-4.5, 4.5]]);
    expect(a.label).toBe('moons');
  });

  it('samples a drawing', () => {
    const data = prepareTrainingData({ kind: 'drawn', strokes: [[-2, 0, 2, 0]] }, 1, null);
    const batch = data.source.next(500);
    expect(batch).toMatchObject({ rows: 500, cols: 2 });
    expect(Math.abs(columnMean(batch.data, 1))).toBeLessThan(0.05);
    expect(data.label).toBe('your drawing (1 stroke)');
  });

  it('splits and standardizes uploaded points, and views them in data units', () => {
    const rows = 400;
    const values = new Float32Array(2 * rows);
    for (let i = 0; i < rows; i++) {
      values[2 * i] = 100 + (i % 20);
      values[2 * i + 1] = -5 + 0.01 * i;
    }
    const data = prepareTrainingData({ kind: 'points', label: 'mine.csv', data: values, rows }, 2, null);
    expect(data.label).toBe('mine.csv (400 points)');
    expect(data.validation.rows).toBe(40);
    expect(data.normalization!.mean[0]).toBeCloseTo(109.5, 0);
    const batch = data.source.next(360);
    expect(Math.abs(columnMean(batch.data, 0))).toBeLessThan(1e-4);
    expect(columnMean(data.display.data, 0)).toBeCloseTo(109.5, 0);
    const [[x0, x1], [y0, y1]] = data.bounds;
    expect(x0).toBeLessThan(100);
    expect(x1).toBeGreaterThan(119);
    expect(x1 - x0).toBeCloseTo(y1 - y0, 9);
  });

  it("uses a loaded model's normalization instead of the data's own", () => {
    const normalization = { mean: [1, -1], std: [2, 4] };
    const data = prepareTrainingData({ kind: 'drawn', strokes: [[1, -1]] }, 1, normalization);
    expect(data.normalization).toEqual(normalization);
    // The drawing is a blob at (1, −1): standardized by the model's statistics it sits at the origin.
    const batch = data.source.next(4000);
    expect(Math.abs(columnMean(batch.data, 0))).toBeLessThan(0.02);
    expect(Math.abs(columnMean(batch.data, 1))).toBeLessThan(0.02);
    expect(Math.abs(columnMean(data.display.data, 0) - 1)).toBeLessThan(0.05);
  });
});
