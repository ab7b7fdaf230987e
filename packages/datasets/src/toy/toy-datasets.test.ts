import { Random } from '@otflow/random';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sampleToy, sampleToyTensor, TOY_DATASETS, type ToyDatasetName } from './toy-datasets';

describe('sampleToy', () => {
  it.each(TOY_DATASETS)('%s returns exactly n finite 2-D points for any n', (name) => {
    for (const n of [1, 2, 3, 5, 7, 101, 1000]) {
      const points = sampleToy(name, n, 11);
      expect(points.rows).toBe(n);
      expect(points.cols).toBe(2);
      expect(points.data).toBeInstanceOf(Float32Array);
      expect(points.data.length).toBe(2 * n);
      expect(points.data.every(Number.isFinite)).toBe(true);
    }
  });

  it.each(TOY_DATASETS)('%s is deterministic under a seed and differs across seeds', (name) => {
    const a = sampleToy(name, 64, 'seed-a');
    expect(sampleToy(name, 64, 'seed-a').data).toEqual(a.data);
    expect(sampleToy(name, 64, 'seed-b').data).not.toEqual(a.data);
    const stream = new Random(5);
    const first = sampleToy(name, 16, stream);
    const second = sampleToy(name, 16, stream);
    expect(second.data).not.toEqual(first.data);
    expect(sampleToy(name, 16, new Random(5)).data).toEqual(first.data);
  });

  it('returns a tensor variant without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const tensor = sampleToyTensor('moons', 33, 1);
    expect(tensor.shape).toEqual([33, 2]);
    expect(Array.from(tensor.dataSync())).toEqual(Array.from(sampleToy('moons', 33, 1).data));
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => sampleToy('spiral' as ToyDatasetName, 10, 1)).toThrow(
      'Unknown toy dataset "spiral"; choose one of: 8gaussians, checkerboard, swissroll, circles, rings, moons, pinwheel, 2spirals.',
    );
  });

  it('rejects a count that is not a positive integer', () => {
    for (const n of [0, -3, 2.5, Number.NaN]) {
      expect(() => sampleToy('rings', n, 1)).toThrow(/sampleToy\('rings', n\) must be a positive integer \(the number of points to draw\), got/);
    }
    expect(() => sampleToy('rings', '10' as unknown as number, 1)).toThrow(/positive integer.*got 10/);
    expect(() => sampleToy('rings', 10, null as unknown as number)).toThrow(/must be a seed \(integer or string\) or a Random, got null/);
  });
});
