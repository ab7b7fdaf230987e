export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** The font of chart text; labels are laid out with widths measured in this same font. */
const FONT_FAMILY = 'system-ui, sans-serif';

let measuring: CanvasRenderingContext2D | null = null;

/** The width in CSS pixels of `text` at `size` px, as an SVG text element in the chart font draws it. */
export function textWidth(text: string, size: number, bold = false): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) throw new Error('This browser gave no 2-D canvas context.');
  measuring.font = `${bold ? '700 ' : ''}${size}px ${FONT_FAMILY}`;
  return measuring.measureText(text).width;
}

export interface SvgTextOptions {
  x: number;
  y: number;
  size: number;
  bold?: boolean;
  anchor: 'start' | 'middle' | 'end';
  /** Which line of the text sits at y: 'hanging' its top, 'central' its middle, 'auto' its baseline. */
  baseline: 'hanging' | 'central' | 'auto';
  className: string;
}

/** A text element in the chart font. */
export function createSvgText(text: string, options: SvgTextOptions): SVGTextElement {
  const element = document.createElementNS(SVG_NAMESPACE, 'text');
  element.setAttribute('x', options.x.toFixed(1));
  element.setAttribute('y', options.y.toFixed(1));
  element.setAttribute('font-family', FONT_FAMILY);
  element.setAttribute('font-size', String(options.size));
  if (options.bold) element.setAttribute('font-weight', '700');
  element.setAttribute('text-anchor', options.anchor);
  element.setAttribute('dominant-baseline', options.baseline);
  element.setAttribute('class', options.className);
  element.textContent = text;
  return element;
}
