import { densityGrid } from '@otflow/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Axes } from './axes';
import { viridis } from './colormap';
import { createFigure, type Figure } from './figure';
import { drawHeatMap } from './heat-map';
import { PIXEL_RATIO } from './theme';

const MODE = [1.5, -0.75];

/** log N(MODE, 0.5² I) at each row of an n × 2 tensor. */
function gaussianLogDensity(points: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const centred = tf.div(tf.sub(points, tf.tensor1d(MODE)), 0.5);
    return tf.sub(tf.mul(-0.5, tf.sum(tf.square(centred), 1)), Math.log(2 * Math.PI * 0.25)) as tf.Tensor1D;
  });
}

function brightness(figure: Figure, x: number, y: number): number {
  const pixel = figure.context.getImageData(Math.round(x * PIXEL_RATIO), Math.round(y * PIXEL_RATIO), 1, 1).data;
  return pixel[0] + pixel[1] + pixel[2];
}

describe('drawHeatMap', () => {
  it('puts the brightest colour at the mode of a Gaussian, with y pointing up', async () => {
    const bounds: [[number, number], [number, number]] = [[-2, 3], [-3, 2]];
    const grid = await densityGrid(gaussianLogDensity, { bounds, resolution: [60, 50] });
    const figure = createFigure(300, 300, 'test');
    const axes = new Axes(figure.context, { x: 40, y: 20, width: 240, height: 240 }, { x: { domain: bounds[0] }, y: { domain: bounds[1] } });
    let peak = 0;
    for (const value of grid.values) peak = Math.max(peak, value);
    axes.render(() => drawHeatMap(axes, { values: grid.values, columns: 60, rows: 50 }, { colormap: viridis, min: 0, max: peak }));

    const atMode = brightness(figure, axes.x.map(MODE[0]), axes.y.map(MODE[1]));
    // The mirror image of the mode (y flipped) and the corners are far out in the tails: dark.
    const mirrored = brightness(figure, axes.x.map(MODE[0]), axes.y.map(-MODE[1]));
    const corner = brightness(figure, axes.x.map(-1.8), axes.y.map(1.8));
    const [lowR, lowG, lowB] = viridis(0);
    expect(atMode).toBeGreaterThan(500);
    expect(corner).toBeCloseTo(lowR + lowG + lowB, -1);
    expect(mirrored).toBeLessThan(atMode / 2);
  });

  it('rejects a grid whose size does not match its shape', () => {
    const figure = createFigure(100, 100, 'test');
    const axes = new Axes(figure.context, { x: 10, y: 10, width: 80, height: 80 }, { x: { domain: [0, 1] }, y: { domain: [0, 1] } });
    expect(() => drawHeatMap(axes, { values: new Float32Array(5), columns: 2, rows: 3 }, { colormap: viridis, min: 0, max: 1 })).toThrow(
      /5 values, expected columns × rows = 2 × 3/,
    );
  });
});
