import { createGaussian } from '@otflow/datasets';
import { describe, expect, it } from 'vitest';
import { gaussianBatchSource } from './gaussian-batch-source';

describe('gaussianBatchSource', () => {
  const gaussian = createGaussian({ mean: [1, -2], covariance: [[2, 0.5], [0.5, 1]] });

  it('draws fresh batches, and replays a draw from a saved state', () => {
    const source = gaussianBatchSource(gaussian, 7);
    const first = source.next(5);
    const saved = JSON.parse(JSON.stringify(source.getState()));
    const second = source.next(5);
    expect(second.data).not.toEqual(first.data);
    source.setState(saved);
    expect(source.next(5)).toEqual(second);
    expect([second.rows, second.cols, source.d]).toEqual([5, 2, 2]);
  });

  it('is reproducible for a seed', () => {
    expect(gaussianBatchSource(gaussian, 'a').next(4)).toEqual(gaussianBatchSource(gaussian, 'a').next(4));
  });
});
