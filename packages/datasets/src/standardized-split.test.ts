import { describe, expect, it } from 'vitest';
import type { DataMatrix } from './data-matrix';
import { standardizedSplit } from './standardized-split';

/** Row i holds (i, 10 + 2i, 5). */
function matrixWithRows(rows: number, constantColumn = false): DataMatrix {
  const cols = constantColumn ? 3 : 2;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    data[i * cols] = i;
    data[i * cols + 1] = 10 + 2 * i;
    if (constantColumn) data[i * cols + 2] = 5;
  }
  return { data, rows, cols };
}

function columnMoments(matrix: DataMatrix, column: number): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < matrix.rows; i++) sum += matrix.data[i * matrix.cols + column];
  const mean = sum / matrix.rows;
  let squares = 0;
  for (let i = 0; i < matrix.rows; i++) squares += (matrix.data[i * matrix.cols + column] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / matrix.rows) };
}

describe('standardizedSplit', () => {
  it('holds out a seeded 10% and standardizes both parts with the training statistics', () => {
    const matrix = matrixWithRows(50);
    const split = standardizedSplit(matrix, { seed: 4 });
    expect(split.train.rows).toBe(45);
    expect(split.validation.rows).toBe(5);
    for (const column of [0, 1]) {
      const { mean, std } = columnMoments(split.train, column);
      expect(mean).toBeCloseTo(0, 5);
      expect(std).toBeCloseTo(1, 5);
    }
    // Every original row appears once, in data units, across the two parts (+ 0 turns a rounded −0 into 0).
    const restored = [split.train, split.validation].flatMap((part) =>
      Array.from({ length: part.rows }, (_, i) =>
        Math.round(part.data[i * 2] * split.normalization.std[0] + split.normalization.mean[0]) + 0,
      ),
    );
    expect(restored.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const again = standardizedSplit(matrix, { seed: 4 });
    expect(Array.from(again.validation.data)).toEqual(Array.from(split.validation.data));
    expect(Array.from(standardizedSplit(matrix, { seed: 5 }).validation.data)).not.toEqual(Array.from(split.validation.data));
  });

  it('keeps at least one validation row and honours validationFraction', () => {
    expect(standardizedSplit(matrixWithRows(5), { seed: 0 }).validation.rows).toBe(1);
    expect(standardizedSplit(matrixWithRows(40), { seed: 0, validationFraction: 0.25 }).validation.rows).toBe(10);
  });

  it('explains too little data, a bad fraction and a constant column', () => {
    expect(() => standardizedSplit(matrixWithRows(2), { seed: 0 })).toThrow(/2 rows leave 1 for training/);
    expect(() => standardizedSplit(matrixWithRows(20), { seed: 0, validationFraction: 1 })).toThrow(/validationFraction must be a number in \(0, 1\), got 1/);
    expect(() => standardizedSplit(matrixWithRows(20, true), { seed: 0, columnNames: ['a', 'b', 'c'] })).toThrow(/Column 2 \("c"\) is constant/);
  });
});
