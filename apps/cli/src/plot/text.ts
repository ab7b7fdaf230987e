import type { SKRSContext2D } from '@napi-rs/canvas';
import { font } from './font';
import { THEME } from './theme';

export interface TextStyle {
  size: number;
  color?: string;
  align?: CanvasTextAlign;
  baseline?: CanvasTextBaseline;
  /** Radians, clockwise positive because y points down: −π/2 reads bottom to top. */
  rotation?: number;
}

/** Draws one line of text at (x, y) in logical pixels. */
export function drawText(context: SKRSContext2D, text: string, x: number, y: number, style: TextStyle): void {
  context.save();
  context.font = font(style.size);
  context.fillStyle = style.color ?? THEME.text;
  context.textAlign = style.align ?? 'left';
  context.textBaseline = style.baseline ?? 'alphabetic';
  context.translate(x, y);
  if (style.rotation) context.rotate(style.rotation);
  context.fillText(text, 0, 0);
  context.restore();
}

/** The width of `text` at `size` logical pixels. */
export function textWidth(context: SKRSContext2D, text: string, size: number): number {
  context.save();
  context.font = font(size);
  const width = context.measureText(text).width;
  context.restore();
  return width;
}

/** `text` shortened with an ellipsis so that it fits in `maxWidth`. */
export function fitText(context: SKRSContext2D, text: string, size: number, maxWidth: number): string {
  if (textWidth(context, text, size) <= maxWidth) return text;
  let kept = text;
  while (kept.length > 1 && textWidth(context, `${kept}…`, size) > maxWidth) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** `symbol` with `index` as subscript digits: subscripted('x', 12) is 'x₁₂'. */
export function subscripted(symbol: string, index: number): string {
  return symbol + String(index).split('').map((digit) => SUBSCRIPT_DIGITS[Number(digit)]).join('');
}
