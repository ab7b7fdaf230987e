import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { writeFileAtomic } from '@otflow/model/node';
import { registerFont } from './font';
import { drawText, fitText } from './text';
import { PIXEL_RATIO, THEME } from './theme';

/** A blank white canvas laid out in logical pixels (drawn at {@link PIXEL_RATIO}× for sharp output). */
export interface Figure {
  canvas: Canvas;
  context: SKRSContext2D;
  /** Size in logical pixels; the PNG is PIXEL_RATIO times larger. */
  width: number;
  height: number;
  title: string;
}

export function createFigure(width: number, height: number, title: string): Figure {
  registerFont();
  const canvas = createCanvas(Math.round(width * PIXEL_RATIO), Math.round(height * PIXEL_RATIO));
  const context = canvas.getContext('2d');
  context.scale(PIXEL_RATIO, PIXEL_RATIO);
  context.fillStyle = THEME.background;
  context.fillRect(0, 0, width, height);
  return { canvas, context, width, height, title };
}

/** Height taken by {@link drawFigureTitle}: with a subtitle line or without. */
export function figureTitleHeight(withSubtitle: boolean): number {
  return withSubtitle ? 62 : 42;
}

/** The figure's title centred at the top, with an optional smaller subtitle line under it (details: nt, n, …). */
export function drawFigureTitle(figure: Figure, subtitle?: string): void {
  const { context, width } = figure;
  const maxWidth = width - 24;
  drawText(context, fitText(context, figure.title, THEME.fontSize.figureTitle, maxWidth), width / 2, 28, {
    size: THEME.fontSize.figureTitle,
    align: 'center',
  });
  if (subtitle) {
    drawText(context, fitText(context, subtitle, THEME.fontSize.subtitle, maxWidth), width / 2, 50, {
      size: THEME.fontSize.subtitle,
      color: THEME.mutedText,
      align: 'center',
    });
  }
}

/** The figure as PNG bytes, with its title and the creating program in the PNG's text chunks. */
export function encodePng(figure: Figure): Promise<Buffer> {
  return figure.canvas.encode('png', { title: figure.title, software: 'otflow', resolution: 96 * PIXEL_RATIO });
}

/** Writes the figure as a PNG file, atomically (readers never see a half-written file). */
export async function writePng(figure: Figure, path: string): Promise<void> {
  await writeFileAtomic(path, await encodePng(figure));
}
