import type { DensityView as DensityData } from '../protocol';
import { viridisGradient, writeViridis } from './color-scale';
import { formatNumber } from './format-number';
import { PlotFrame } from './plot-frame';

/** 'density': ρ on a linear scale from 0 to its maximum; 'log': log ρ over the top LOG_RANGE nats. */
export type DensityScale = 'density' | 'log';

const LOG_RANGE = 8;

/** A point whose exact log-density was asked for: the hovered one, or a pinned one (clicked). */
export interface ProbedPoint {
  x: number;
  y: number;
  logDensity: number;
}

export interface ColorBarElements {
  title: HTMLElement;
  bar: HTMLElement;
  high: HTMLElement;
  low: HTMLElement;
}

/** The learned density as a heat map with a colour bar, and markers at probed points. */
export class DensityHeatMap {
  readonly frame: PlotFrame;
  private data: DensityData | null = null;
  private readonly image = document.createElement('canvas');
  private scale: DensityScale = 'density';
  private hovered: ProbedPoint | null = null;
  private pinned: ProbedPoint[] = [];
  private note = '';

  constructor(
    canvas: HTMLCanvasElement,
    private readonly colorBar: ColorBarElements,
  ) {
    this.frame = new PlotFrame(canvas, [[-4, 4], [-4, 4]]);
    colorBar.bar.style.background = viridisGradient();
  }

  /** Shows no density: `note` in its place, an empty colour bar, no probed points. */
  clear(note: string): void {
    this.data = null;
    this.note = note;
    this.hovered = null;
    this.pinned = [];
    this.colorBar.high.textContent = '';
    this.colorBar.low.textContent = '';
    this.render();
  }

  setDensity(data: DensityData): void {
    this.data = data;
    this.frame.bounds = data.bounds;
    this.paintImage();
    this.render();
  }

  setScale(scale: DensityScale): void {
    this.scale = scale;
    this.paintImage();
    this.render();
  }

  setHovered(point: ProbedPoint | null): void {
    this.hovered = point;
    this.render();
  }

  pin(point: ProbedPoint): void {
    this.pinned = [...this.pinned.slice(-4), point];
    this.render();
  }

  clearPins(): void {
    this.pinned = [];
    this.render();
  }

  /** Colours the grid into an nx × ny image (top row = largest y) and labels the colour bar. */
  private paintImage(): void {
    const data = this.data;
    if (!data) return;
    const { nx, ny, logValues } = data;
    let maxLog = -Infinity;
    for (const value of logValues) if (value > maxLog) maxLog = value;
    const maxDensity = Math.exp(maxLog);
    this.image.width = nx;
    this.image.height = ny;
    const context = this.image.getContext('2d');
    if (!context) return;
    const pixels = context.createImageData(nx, ny);
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const logValue = logValues[iy * nx + ix];
        const t = this.scale === 'density' ? Math.exp(logValue - maxLog) : 1 - (maxLog - logValue) / LOG_RANGE;
        writeViridis(t, pixels.data, 4 * ((ny - 1 - iy) * nx + ix));
      }
    }
    context.putImageData(pixels, 0, 0);
    if (this.scale === 'density') {
      this.colorBar.title.textContent = 'ρ';
      this.colorBar.high.textContent = formatNumber(maxDensity);
      this.colorBar.low.textContent = '0';
    } else {
      this.colorBar.title.textContent = 'log ρ';
      this.colorBar.high.textContent = formatNumber(maxLog);
      this.colorBar.low.textContent = `≤ ${formatNumber(maxLog - LOG_RANGE)}`;
    }
  }

  render(): void {
    const context = this.frame.begin();
    const { left, top, size } = this.frame;
    context.fillStyle = '#0f1320';
    context.fillRect(left, top, size, size);
    if (this.data) {
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = 'high';
      context.drawImage(this.image, left, top, size, size);
    } else {
      this.frame.drawNote(context, this.note, '#9aa4b5');
    }
    this.frame.drawFrame(context);
    context.save();
    this.frame.clip(context);
    for (const point of this.pinned) this.drawMarker(context, point, true);
    if (this.hovered) this.drawMarker(context, this.hovered, false);
    context.restore();
  }

  private drawMarker(context: CanvasRenderingContext2D, point: ProbedPoint, pinned: boolean): void {
    const [px, py] = this.frame.toPixel(point.x, point.y);
    context.lineWidth = 2;
    context.strokeStyle = '#ffffff';
    context.fillStyle = pinned ? '#ff6b3d' : 'rgba(255,255,255,0.25)';
    context.beginPath();
    context.arc(px, py, pinned ? 5 : 6, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
    if (pinned && Number.isFinite(point.logDensity)) {
      const label = `log ρ = ${formatNumber(point.logDensity)}`;
      context.font = '600 12px system-ui, sans-serif';
      const width = context.measureText(label).width + 10;
      const x = Math.min(px + 8, this.frame.left + this.frame.size - width);
      context.fillStyle = 'rgba(15,19,32,0.85)';
      context.fillRect(x, py - 22, width, 18);
      context.fillStyle = '#ffffff';
      context.textBaseline = 'middle';
      context.fillText(label, x + 5, py - 13);
    }
  }
}
