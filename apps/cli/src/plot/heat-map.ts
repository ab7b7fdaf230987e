import { createCanvas } from '@napi-rs/canvas';
import type { Axes } from './axes';
import type { Colormap } from './colormap';

/** Values on a regular grid over the axes' whole domain, row-major with row 0 at the bottom (smallest y). */
export interface GridValues {
  values: ArrayLike<number>;
  columns: number;
  rows: number;
}

export interface HeatMapStyle {
  colormap: Colormap;
  /** The values mapped to the colormap's ends; values outside are clamped. */
  min: number;
  max: number;
}

/**
 * Fills the axes' plot area with the grid's cells coloured by value. The grid must span the axes' domain exactly
 * (as densityGrid's cells span its bounds); cells are smoothed when enlarged. Non-finite values get the low colour.
 */
export function drawHeatMap(axes: Axes, grid: GridValues, style: HeatMapStyle): void {
  const { values, columns, rows } = grid;
  if (values.length !== columns * rows) {
    throw new Error(`drawHeatMap: the grid has ${values.length} values, expected columns × rows = ${columns} × ${rows}.`);
  }
  if (!(style.max > style.min)) throw new Error(`drawHeatMap: max (${style.max}) must exceed min (${style.min}).`);
  const image = createCanvas(columns, rows);
  const imageContext = image.getContext('2d');
  const pixels = imageContext.createImageData(columns, rows);
  for (let row = 0; row < rows; row++) {
    // Image rows run top to bottom; grid rows bottom to top.
    const imageRow = rows - 1 - row;
    for (let column = 0; column < columns; column++) {
      const value = values[row * columns + column];
      const [r, g, b] = style.colormap(Number.isFinite(value) ? (value - style.min) / (style.max - style.min) : 0);
      const offset = 4 * (imageRow * columns + column);
      pixels.data[offset] = r;
      pixels.data[offset + 1] = g;
      pixels.data[offset + 2] = b;
      pixels.data[offset + 3] = 255;
    }
  }
  imageContext.putImageData(pixels, 0, 0);
  const { context, area } = axes;
  context.save();
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, area.x, area.y, area.width, area.height);
  context.restore();
}
