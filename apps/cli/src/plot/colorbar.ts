import type { SKRSContext2D } from '@napi-rs/canvas';
import { cssColor, type Colormap } from './colormap';
import type { Rect } from './panel-grid';
import { Scale } from './scale';
import { drawText, fitText, textWidth } from './text';
import { THEME } from './theme';

export interface ColorbarOptions {
  colormap: Colormap;
  min: number;
  max: number;
  label?: string;
}

/** Room a colorbar needs to its right for tick labels and its label (logical pixels). */
export const COLORBAR_LABEL_ROOM = 76;

/** A vertical colour scale in `area` (low at the bottom) with ticks and labels on its right. */
export function drawColorbar(context: SKRSContext2D, area: Rect, options: ColorbarOptions): void {
  const { colormap, min, max } = options;
  const steps = Math.max(2, Math.round(area.height));
  for (let i = 0; i < steps; i++) {
    const top = area.y + (i * area.height) / steps;
    context.fillStyle = cssColor(colormap(1 - (i + 0.5) / steps));
    context.fillRect(area.x, top, area.width, area.height / steps + 0.5);
  }
  context.save();
  context.strokeStyle = THEME.frame;
  context.lineWidth = 1;
  context.strokeRect(area.x, area.y, area.width, area.height);
  const scale = new Scale('linear', [min, max], [area.y + area.height, area.y]);
  const ticks = scale.ticks(6);
  const right = area.x + area.width;
  context.beginPath();
  for (const tick of ticks) {
    context.moveTo(right, scale.map(tick.value));
    context.lineTo(right + THEME.tickLength, scale.map(tick.value));
  }
  context.stroke();
  context.restore();
  let widest = 0;
  for (const tick of ticks) {
    if (tick.label === undefined) continue;
    widest = Math.max(widest, textWidth(context, tick.label, THEME.fontSize.tick));
    drawText(context, tick.label, right + THEME.tickLength + 3, scale.map(tick.value), {
      size: THEME.fontSize.tick,
      baseline: 'middle',
    });
  }
  if (options.label) {
    const x = right + THEME.tickLength + 3 + widest + 8;
    drawText(context, fitText(context, options.label, THEME.fontSize.axisLabel, area.height), x, area.y + area.height / 2, {
      size: THEME.fontSize.axisLabel,
      align: 'center',
      baseline: 'top',
      rotation: -Math.PI / 2,
    });
  }
}
