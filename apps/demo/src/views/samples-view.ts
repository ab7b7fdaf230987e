import type { Bounds2D } from '@otflow/metrics';
import { PlotFrame } from './plot-frame';

const DATA_COLOR = 'rgba(60, 110, 200, 0.45)';
const SAMPLE_COLOR = 'rgba(240, 110, 40, 0.7)';

/** Generated samples drawn over the training data. */
export class SamplesScatter {
  readonly frame: PlotFrame;
  private data: Float32Array | null = null;
  private samples: Float32Array | null = null;
  private showData = true;
  private showSamples = true;
  private note = '';

  constructor(canvas: HTMLCanvasElement) {
    this.frame = new PlotFrame(canvas, [[-4, 4], [-4, 4]]);
  }

  setData(points: Float32Array, bounds: Bounds2D): void {
    this.data = points;
    this.samples = null;
    this.frame.bounds = bounds;
    this.render();
  }

  /** Shows no points: `note` in their place. */
  clear(note: string): void {
    this.data = null;
    this.samples = null;
    this.note = note;
    this.render();
  }

  setSamples(samples: Float32Array): void {
    this.samples = samples;
    this.render();
  }

  setVisible(layer: 'data' | 'samples', visible: boolean): void {
    if (layer === 'data') this.showData = visible;
    else this.showSamples = visible;
    this.render();
  }

  render(): void {
    const context = this.frame.begin();
    context.fillStyle = '#ffffff';
    context.fillRect(this.frame.left, this.frame.top, this.frame.size, this.frame.size);
    context.save();
    this.frame.clip(context);
    if (this.showData && this.data) this.drawPoints(context, this.data, DATA_COLOR);
    if (this.showSamples && this.samples) this.drawPoints(context, this.samples, SAMPLE_COLOR);
    context.restore();
    if (!this.data) this.frame.drawNote(context, this.note, '#5b6472');
    this.frame.drawFrame(context);
  }

  private drawPoints(context: CanvasRenderingContext2D, points: Float32Array, color: string): void {
    context.fillStyle = color;
    for (let i = 0; i < points.length; i += 2) {
      const [px, py] = this.frame.toPixel(points[i], points[i + 1]);
      context.fillRect(px - 1.25, py - 1.25, 2.5, 2.5);
    }
  }
}
