import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { BatchSums } from './batch-sums';

function randomMatrix(rows: number, columns: number, seed: string): { tensor: tf.Tensor2D; values: number[][] } {
  const random = new Random(seed);
  const values = Array.from({ length: rows }, () => Array.from(random.normalArray(columns)));
  return { tensor: tf.tensor2d(values), values };
}

/** Σ_rows aᵀ·b in float64. */
function transposedProduct(a: number[][], b: number[][]): number[] {
  const out: number[] = [];
  for (let i = 0; i < a[0].length; i++) {
    for (let j = 0; j < b[0].length; j++) out.push(a.reduce((sum, row, r) => sum + row[i] * b[r][j], 0));
  }
  return out;
}

describe('BatchSums', () => {
  // 130 rows take the plain path, 128 the padded one (a multiple of 128 rows is padded before transposing).
  it.each([130, 128])('sums products and columns over %i rows', (rows) => {
    const sums = new BatchSums(rows);
    const a = randomMatrix(rows, 3, `a${rows}`);
    const b = randomMatrix(rows, 4, `b${rows}`);
    const c = randomMatrix(rows, 3, `c${rows}`);
    const e = randomMatrix(rows, 4, `e${rows}`);
    const before = tf.memory().numTensors;
    const result = tf.tidy(() => {
      const stackedT = sums.transposed([a.tensor, c.tensor]);
      return {
        product: tf.matMul(stackedT, sums.stack([b.tensor, e.tensor])),
        firstBlock: sums.firstBlockSums(stackedT),
        columns: sums.columnSums(b.tensor),
        narrow: sums.narrowColumnSums(a.tensor),
      };
    });
    const expected = transposedProduct([...a.values, ...c.values], [...b.values, ...e.values]);
    expectClose(result.product.dataSync(), expected, { rel: 1e-5, abs: 1e-4 });
    const columnSum = (m: number[][]) => m[0].map((_, j) => m.reduce((sum, row) => sum + row[j], 0));
    expectClose(result.firstBlock.dataSync(), columnSum(a.values), { rel: 1e-5, abs: 1e-4 });
    expectClose(result.columns.dataSync(), columnSum(b.values), { rel: 1e-5, abs: 1e-4 });
    expectClose(result.narrow.dataSync(), columnSum(a.values), { rel: 1e-5, abs: 1e-4 });
    tf.dispose(result);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a.tensor, b.tensor, c.tensor, e.tensor]);
  });
});
