import { describe, expect, it } from 'vitest';
import { nearestNeighbourClasses } from './nearest-neighbour';

describe('nearestNeighbourClasses', () => {
  const reference = { data: [0, 0, 10, 0, 0, 10, 10, 10], rows: 4, cols: 2 };
  const labels = [3, 1, 1, 0];

  it('labels each query by its nearest reference point and counts the classes', async () => {
    const queries = { data: [1, 1, 9, 1, 2, 8, 9, 9, 8, 8], rows: 5, cols: 2 };
    const result = await nearestNeighbourClasses(queries, reference, labels);
    expect(Array.from(result.labels)).toEqual([3, 1, 1, 0, 0]);
    expect(result.counts).toEqual([2, 2, 0, 1]);
    expect(result.classesFound).toEqual([0, 1, 3]);
  });

  it('rejects mismatched inputs', async () => {
    await expect(nearestNeighbourClasses({ data: [1, 2, 3], rows: 1, cols: 3 }, reference, labels)).rejects.toThrow('queries have 3 coordinates but the reference points 2.');
    await expect(nearestNeighbourClasses({ data: [1, 2], rows: 1, cols: 2 }, reference, [1, 2])).rejects.toThrow('There are 2 labels for 4 reference points');
    await expect(nearestNeighbourClasses({ data: [1, 2], rows: 1, cols: 2 }, reference, [1, 2, -1, 0])).rejects.toThrow('labels[2] is -1; labels must be non-negative integers.');
  });
});
