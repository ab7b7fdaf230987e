import { describe, expect, it } from 'vitest';
import { assertDataMatrix, createDataMatrix } from './data-matrix';

describe('DataMatrix', () => {
  it('wraps a Float32Array with its shape', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(createDataMatrix(data, 3, 2)).toEqual({ data, rows: 3, cols: 2 });
    expect(createDataMatrix(new Float32Array(0), 0, 4).rows).toBe(0);
  });

  it('rejects inconsistent shapes and wrong types with the expected and actual values', () => {
    expect(() => createDataMatrix(new Float32Array(5), 3, 2)).toThrow(
      'createDataMatrix: data has 5 values but rows × cols = 3 × 2 = 6; pass the shape the data was laid out with.',
    );
    expect(() => createDataMatrix([1, 2] as unknown as Float32Array, 1, 2)).toThrow('data must be a Float32Array, got Array');
    expect(() => createDataMatrix(new Float32Array(0), 0, 0)).toThrow('cols must be a positive integer, got 0');
    expect(() => createDataMatrix(new Float32Array(2), -1, 2)).toThrow('rows must be a non-negative integer, got -1');
    expect(() => assertDataMatrix({ data: new Float64Array(2), rows: 1, cols: 2 } as never, 'f(x)')).toThrow(
      'f(x).data must be a Float32Array, got Float64Array; convert with Float32Array.from(values).',
    );
    expect(() => assertDataMatrix(null as never, 'f(x)')).toThrow('f(x) must be a DataMatrix {data: Float32Array, rows, cols}, got null.');
  });
});
