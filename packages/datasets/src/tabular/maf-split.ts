import type { DataMatrix } from '../data-matrix';

export interface Splits {
  train: DataMatrix;
  validation: DataMatrix;
  test: DataMatrix;
}

/** The MAF sizes: test = the last ⌊0.1·N⌋ rows, validation = the last ⌊0.1·rest⌋ rows of the rest. */
export function mafSplitSizes(rows: number, source: string): { train: number; validation: number; test: number } {
  const test = Math.floor(0.1 * rows);
  const validation = Math.floor(0.1 * (rows - test));
  const train = rows - test - validation;
  if (test < 1 || validation < 1) {
    throw new Error(`${source}: ${rows} rows are too few to split off 10% test and 10% validation rows; at least 20 are needed.`);
  }
  return { train, validation, test };
}

/** Views (no copies) of train, validation and test in that order along the rows. */
export function splitRows(matrix: DataMatrix, sizes: { train: number; validation: number; test: number }): Splits {
  const { data, cols } = matrix;
  const view = (start: number, rows: number): DataMatrix => ({ data: data.subarray(start * cols, (start + rows) * cols), rows, cols });
  return {
    train: view(0, sizes.train),
    validation: view(sizes.train, sizes.validation),
    test: view(sizes.train + sizes.validation, sizes.test),
  };
}

export function assertColumnCount(cols: number, expected: number, source: string, layout: string): void {
  if (cols !== expected) {
    throw new Error(`${source} has ${cols} columns, but ${layout} has ${expected}; check that this is the right file from the MAF data bundle.`);
  }
}
