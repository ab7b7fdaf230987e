import { BRUSH_SIGMA } from '../data/drawn-density';
import { DRAW_EXTENT, quantizeCoordinate } from '../data/stroke-codec';
import type { Stroke } from '../settings';
import { PlotFrame } from './plot-frame';

/** New stroke points are recorded this far apart (data units): enough detail, short URLs. */
const POINT_SPACING = 0.08;
const MAX_STROKES = 60;

/**
 * The "draw your own distribution" canvas over [−4, 4]²: each finished stroke is handed to `onChange`, which
 * makes it part of the density to learn. Points are stored at the URL's resolution, so a link redraws exactly.
 */
export class DrawPad {
  readonly frame: PlotFrame;
  private strokes: Stroke[] = [];
  private current: number[] | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly onChange: (strokes: Stroke[]) => void,
  ) {
    this.frame = new PlotFrame(canvas, [[-DRAW_EXTENT, DRAW_EXTENT], [-DRAW_EXTENT, DRAW_EXTENT]]);
    canvas.addEventListener('pointerdown', (event) => this.start(event));
    canvas.addEventListener('pointermove', (event) => this.extend(event));
    canvas.addEventListener('pointerup', () => this.finish());
    canvas.addEventListener('pointercancel', () => this.finish());
  }

  setStrokes(strokes: Stroke[]): void {
    this.strokes = strokes.map((stroke) => [...stroke]);
    this.render();
  }

  undo(): void {
    if (this.strokes.length === 0) return;
    this.strokes = this.strokes.slice(0, -1);
    this.render();
    this.onChange(this.strokes);
  }

  clear(): void {
    this.strokes = [];
    this.render();
    this.onChange(this.strokes);
  }

  private dataPoint(event: PointerEvent): [number, number] | null {
    const [px, py] = this.frame.pointer(event);
    if (!this.frame.contains(px, py)) return null;
    return this.frame.toData(px, py);
  }

  private start(event: PointerEvent): void {
    const point = this.dataPoint(event);
    if (!point || this.strokes.length >= MAX_STROKES) return;
    this.frame.canvas.setPointerCapture(event.pointerId);
    this.current = [...point];
    this.render();
  }

  private extend(event: PointerEvent): void {
    if (!this.current) return;
    const point = this.dataPoint(event);
    if (!point) return;
    const n = this.current.length;
    if (Math.hypot(point[0] - this.current[n - 2], point[1] - this.current[n - 1]) < POINT_SPACING) return;
    this.current.push(...point);
    this.render();
  }

  private finish(): void {
    if (!this.current) return;
    this.strokes = [...this.strokes, this.current.map(quantizeCoordinate)];
    this.current = null;
    this.render();
    this.onChange(this.strokes);
  }

  render(): void {
    this.frame.canvas.dataset.strokes = String(this.strokes.length);
    const context = this.frame.begin();
    const { left, top, size } = this.frame;
    context.fillStyle = '#0f1320';
    context.fillRect(left, top, size, size);
    context.save();
    this.frame.clip(context);
    const width = (2 * BRUSH_SIGMA * size) / (2 * DRAW_EXTENT);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = width;
    context.strokeStyle = '#5ec962';
    context.shadowColor = '#addc30';
    context.shadowBlur = width;
    for (const stroke of this.current ? [...this.strokes, this.current] : this.strokes) {
      context.beginPath();
      for (let i = 0; i < stroke.length; i += 2) {
        const [px, py] = this.frame.toPixel(stroke[i], stroke[i + 1]);
        if (i === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      }
      if (stroke.length === 2) context.lineTo(...this.frame.toPixel(stroke[0] + 1e-3, stroke[1]));
      context.stroke();
    }
    context.restore();
    if (this.strokes.length === 0 && !this.current) this.frame.drawNote(context, 'Draw here', '#9aa4b5');
    this.frame.drawFrame(context);
  }
}
