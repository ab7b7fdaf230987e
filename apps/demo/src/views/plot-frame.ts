import type { Bounds2D } from '@otflow/metrics';

const MARGIN = { left: 36, right: 10, top: 10, bottom: 28 };

/** Round tick values inside [low, high]: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9 * step; v += step) ticks.push(Math.abs(v) < 1e-12 ? 0 : v);
  return ticks;
}

export function formatTick(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/**
 * A square plot of a 2-D box on a canvas: sizes the canvas for the device pixel ratio, maps data ↔ CSS pixels
 * (y up), and draws the frame with ticks.
 */
export class PlotFrame {
  bounds: Bounds2D;
  /** The plot square, in CSS pixels. */
  left = 0;
  top = 0;
  size = 1;

  constructor(readonly canvas: HTMLCanvasElement, bounds: Bounds2D) {
    this.bounds = bounds;
  }

  /** Matches the canvas to its displayed size and returns a context in CSS pixels, cleared. */
  begin(): CanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, this.canvas.clientWidth);
    const height = Math.max(1, this.canvas.clientHeight);
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser gave no 2-D canvas context.');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    this.size = Math.max(1, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
    this.left = MARGIN.left + (width - MARGIN.left - MARGIN.right - this.size) / 2;
    this.top = MARGIN.top;
    return context;
  }

  toPixel(x: number, y: number): [number, number] {
    const [[x0, x1], [y0, y1]] = this.bounds;
    return [this.left + ((x - x0) / (x1 - x0)) * this.size, this.top + (1 - (y - y0) / (y1 - y0)) * this.size];
  }

  toData(px: number, py: number): [number, number] {
    const [[x0, x1], [y0, y1]] = this.bounds;
    return [x0 + ((px - this.left) / this.size) * (x1 - x0), y0 + (1 - (py - this.top) / this.size) * (y1 - y0)];
  }

  contains(px: number, py: number): boolean {
    return px >= this.left && px <= this.left + this.size && py >= this.top && py <= this.top + this.size;
  }

  drawFrame(context: CanvasRenderingContext2D): void {
    const [[x0, x1], [y0, y1]] = this.bounds;
    context.save();
    context.strokeStyle = '#c9ced6';
    context.lineWidth = 1;
    context.strokeRect(this.left + 0.5, this.top + 0.5, this.size, this.size);
    context.fillStyle = '#5b6472';
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of niceTicks(x0, x1)) {
      const [px] = this.toPixel(tick, y0);
      context.fillRect(px, this.top + this.size, 1, 4);
      context.fillText(formatTick(tick), px, this.top + this.size + 6);
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of niceTicks(y0, y1)) {
      const [, py] = this.toPixel(x0, tick);
      context.fillRect(this.left - 4, py, 4, 1);
      context.fillText(formatTick(tick), this.left - 6, py);
    }
    context.restore();
  }

  /** A short text centred in the plot square: what the plot will show once there is something to show. */
  drawNote(context: CanvasRenderingContext2D, text: string, color: string): void {
    context.save();
    context.fillStyle = color;
    context.font = '13px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(text, this.left + this.size / 2, this.top + this.size / 2, this.size - 16);
    context.restore();
  }

  /** Clips later drawing to the plot square. */
  clip(context: CanvasRenderingContext2D): void {
    context.beginPath();
    context.rect(this.left, this.top, this.size, this.size);
    context.clip();
  }

  /** The pointer's position in CSS pixels of the canvas. */
  pointer(event: PointerEvent | MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }
}
