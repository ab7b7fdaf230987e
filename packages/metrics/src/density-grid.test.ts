import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { densityGrid } from './density-grid';

/** log N(x; mean, diag(scale²)) for 2-D points, with tensors. */
function gaussianLogDensity(points: tf.Tensor2D, mean: [number, number], scale: [number, number]): tf.Tensor1D {
  return tf.tidy(() => {
    const standardized = tf.div(tf.sub(points, tf.tensor1d(mean)), tf.tensor1d(scale));
    const normalization = -Math.log(2 * Math.PI) - Math.log(scale[0]) - Math.log(scale[1]);
    return tf.sub(normalization, tf.mul(0.5, tf.sum(tf.square(standardized), -1))) as tf.Tensor1D;
  });
}

describe('densityGrid', () => {
  it('integrates a standard Gaussian to 1 on the default box', async () => {
    const before = tf.memory().numTensors;
    const grid = await densityGrid((points) => gaussianLogDensity(points, [0, 0], [1, 1]));
    expect(tf.memory().numTensors).toBe(before);
    // The box [−4, 4]² holds 1 − 1.3e-4 of the mass; the midpoint rule's error at h = 0.04 is far smaller.
    expect(grid.integral).toBeCloseTo(0.99987, 4);
    expect(grid.values.length).toBe(200 * 200);
    expect(grid.cellArea).toBeCloseTo(0.04 * 0.04, 12);
    expect(grid.xs[0]).toBeCloseTo(-3.98, 12);
    expect(grid.ys[199]).toBeCloseTo(3.98, 12);
  });

  it('integrates a mixture to 1, and twice a density to 2, with an async callback', async () => {
    const mixture = async (points: tf.Tensor2D): Promise<tf.Tensor1D> =>
      tf.tidy(() => {
        const first = tf.add(Math.log(0.3), gaussianLogDensity(points, [-1, 0], [0.5, 0.5]));
        const second = tf.add(Math.log(0.7), gaussianLogDensity(points, [1, 1], [0.8, 0.4]));
        return tf.logSumExp(tf.stack([first, second], 1), 1) as tf.Tensor1D;
      });
    const grid = await densityGrid(mixture, { resolution: 300, batchSize: 7_777 });
    expect(grid.integral).toBeCloseTo(1, 3);
    const doubled = await densityGrid((points) => tf.tidy(() => tf.add(Math.LN2, gaussianLogDensity(points, [0, 0], [1, 1]))));
    expect(doubled.integral).toBeCloseTo(2 * 0.99987, 3);
  });

  it('lays values out with one row per y, the same for any batch size, and accepts plain arrays', async () => {
    // A density depending on x only through a different slope than on y makes the layout visible.
    const logDensity = async (points: tf.Tensor2D): Promise<Float64Array> => {
      const coordinates = await points.data();
      return Float64Array.from({ length: points.shape[0] }, (_, k) => 0.3 * coordinates[2 * k] - 0.1 * coordinates[2 * k + 1]);
    };
    const options = { bounds: [[0, 3], [-1, 1]] as [[number, number], [number, number]], resolution: [3, 2] as [number, number] };
    const grid = await densityGrid(logDensity, options);
    expect(Array.from(grid.xs)).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(grid.ys)).toEqual([-0.5, 0.5]);
    expect(grid.cellArea).toBe(1);
    for (let iy = 0; iy < 2; iy++) {
      for (let ix = 0; ix < 3; ix++) {
        const expected = 0.3 * grid.xs[ix] - 0.1 * grid.ys[iy];
        expect(grid.logValues[iy * 3 + ix]).toBeCloseTo(expected, 6);
        expect(grid.values[iy * 3 + ix]).toBeCloseTo(Math.exp(expected), 6);
      }
    }
    const batched = await densityGrid(logDensity, { ...options, batchSize: 4 });
    expect(Array.from(batched.values)).toEqual(Array.from(grid.values));
    expect(batched.integral).toBeCloseTo(grid.integral, 12);
  });

  it('treats −Infinity as zero density', async () => {
    // Density 1/64 on the half x > 0 of the box (area 32), zero (log −∞) on the other half.
    const halfBox = (points: tf.Tensor2D): tf.Tensor =>
      tf.tidy(() => {
        const inside = tf.greater(tf.reshape(tf.slice(points, [0, 0], [-1, 1]), [-1]), 0);
        const count = points.shape[0];
        return tf.where(inside, tf.fill([count], -Math.log(64)), tf.fill([count], Number.NEGATIVE_INFINITY));
      });
    const grid = await densityGrid(halfBox);
    expect(grid.integral).toBeCloseTo(0.5, 6);
    expect(grid.values[0]).toBe(0);
  });

  it('disposes the batch tensors when the callback throws, and rejects bad results and options', async () => {
    const before = tf.memory().numTensors;
    await expect(densityGrid(() => { throw new Error('model failed'); })).rejects.toThrow('model failed');
    await expect(densityGrid((points) => tf.tidy(() => tf.reshape(tf.sum(points, -1), [-1, 1])))).rejects.toThrow(
      /logDensity must return 10000 values for 10000 points \(rank 1\), got shape \[10000, 1\]/,
    );
    await expect(densityGrid(() => [1, 2], { resolution: 2 })).rejects.toThrow(/must return 4 values for 4 points, got 2/);
    await expect(densityGrid(() => [0, Number.NaN, 0, 0], { resolution: 2 })).rejects.toThrow(
      /logDensity returned NaN at \(2, -2\)/,
    );
    expect(tf.memory().numTensors).toBe(before);
    await expect(densityGrid('density' as never)).rejects.toThrow(/logDensity must be a function/);
    await expect(densityGrid(() => [], { bounds: [[1, -1], [0, 1]] })).rejects.toThrow(/bounds must be \[\[xMin, xMax\], \[yMin, yMax\]\]/);
    await expect(densityGrid(() => [], { resolution: [10, 0] })).rejects.toThrow(/resolution must be a positive integer or a pair/);
    await expect(densityGrid(() => [], { batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
  });
});
