import type { SKRSContext2D } from '@napi-rs/canvas';
import { drawText, textWidth } from './text';
import { THEME } from './theme';

export interface LegendEntry {
  label: string;
  color: string;
  /** How the entry's swatch is drawn: a marker, a line, a dashed line or a filled box. */
  kind: 'marker' | 'line' | 'dashed' | 'box';
  alpha?: number;
}

const SWATCH = 20;
const PADDING = 7;
const ROW = 18;

/** Width and height a legend of `entries` takes: one column, or one row when `horizontal`. */
export function legendSize(context: SKRSContext2D, entries: readonly LegendEntry[], horizontal = false): { width: number; height: number } {
  const widths = entries.map((entry) => SWATCH + 6 + textWidth(context, entry.label, THEME.fontSize.legend));
  if (horizontal) return { width: widths.reduce((sum, w) => sum + w, 0) + 16 * (entries.length - 1) + 2 * PADDING, height: ROW + 2 * PADDING - 4 };
  return { width: Math.max(...widths) + 2 * PADDING, height: entries.length * ROW + 2 * PADDING - 4 };
}

/** A boxed legend with its top-left corner at (x, y): one entry per row, or all on one row when `horizontal`. */
export function drawLegend(context: SKRSContext2D, entries: readonly LegendEntry[], x: number, y: number, horizontal = false): void {
  const { width, height } = legendSize(context, entries, horizontal);
  context.save();
  context.fillStyle = 'rgba(255, 255, 255, 0.88)';
  context.strokeStyle = '#cccccc';
  context.lineWidth = 1;
  context.fillRect(x, y, width, height);
  context.strokeRect(x, y, width, height);
  context.restore();
  let cursorX = x + PADDING;
  let cursorY = y + PADDING + ROW / 2 - 2;
  for (const entry of entries) {
    drawSwatch(context, entry, cursorX, cursorY);
    drawText(context, entry.label, cursorX + SWATCH + 6, cursorY, { size: THEME.fontSize.legend, baseline: 'middle' });
    if (horizontal) cursorX += SWATCH + 6 + textWidth(context, entry.label, THEME.fontSize.legend) + 16;
    else cursorY += ROW;
  }
}

function drawSwatch(context: SKRSContext2D, entry: LegendEntry, x: number, y: number): void {
  context.save();
  context.globalAlpha = entry.alpha ?? 1;
  context.fillStyle = entry.color;
  context.strokeStyle = entry.color;
  if (entry.kind === 'marker') {
    context.beginPath();
    context.arc(x + SWATCH / 2, y, 3.5, 0, 2 * Math.PI);
    context.fill();
  } else if (entry.kind === 'box') {
    context.fillRect(x + 2, y - 5, SWATCH - 4, 10);
  } else {
    context.lineWidth = 2;
    context.setLineDash(entry.kind === 'dashed' ? [4, 3] : []);
    context.beginPath();
    context.moveTo(x, y);
    context.lineTo(x + SWATCH, y);
    context.stroke();
  }
  context.restore();
}
