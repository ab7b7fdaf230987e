import type { Bounds2D } from '@otflow/metrics';
import type { TrajectoryView } from '../protocol';
import { PlotFrame } from './plot-frame';

/** Position of point i at time t, linear between the RK4 frames (the solver's own steps). */
export function positionAt(view: TrajectoryView, i: number, t: number): [number, number] {
  const { times, frames } = view;
  let k = 0;
  while (k < times.length - 2 && times[k + 1] < t) k++;
  const span = times[k + 1] - times[k];
  const f = span > 0 ? Math.min(1, Math.max(0, (t - times[k]) / span)) : 0;
  const [a, b] = [frames[k], frames[k + 1]];
  return [a[2 * i] + f * (b[2 * i] - a[2 * i]), a[2 * i + 1] + f * (b[2 * i + 1] - a[2 * i + 1])];
}

/**
 * Particles carried by the learned flow from the data (t = 0) to the normal (t = 1): the whole path of each
 * particle faintly, and where it is at the chosen time. OT-Flow's transport penalty makes these paths straight.
 */
export class TrajectoryPlot {
  readonly frame: PlotFrame;
  private view: TrajectoryView | null = null;
  private colors: string[] = [];
  private time = 1;
  private note = '';

  constructor(canvas: HTMLCanvasElement) {
    this.frame = new PlotFrame(canvas, [[-4, 4], [-4, 4]]);
  }

  setBounds(bounds: Bounds2D): void {
    this.frame.bounds = bounds;
    this.view = null;
    this.render();
  }

  /** Shows no paths: `note` in their place. */
  clear(note: string): void {
    this.view = null;
    this.note = note;
    this.render();
  }

  setTrajectories(view: TrajectoryView): void {
    this.view = view;
    this.colors = this.colorByStartAngle(view.frames[0]);
    this.render();
  }

  setTime(time: number): void {
    this.time = time;
    this.render();
  }

  /** Hue from each start point's angle around the data's centre, so the eye can follow where each region goes. */
  private colorByStartAngle(start: Float32Array): string[] {
    const n = start.length / 2;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < n; i++) {
      cx += start[2 * i] / n;
      cy += start[2 * i + 1] / n;
    }
    return Array.from({ length: n }, (_, i) => {
      const hue = ((Math.atan2(start[2 * i + 1] - cy, start[2 * i] - cx) / (2 * Math.PI)) * 360 + 360) % 360;
      return `hsl(${hue.toFixed(0)}, 75%, 45%)`;
    });
  }

  render(): void {
    const context = this.frame.begin();
    context.fillStyle = '#ffffff';
    context.fillRect(this.frame.left, this.frame.top, this.frame.size, this.frame.size);
    const view = this.view;
    if (view) {
      context.save();
      this.frame.clip(context);
      const n = view.frames[0].length / 2;
      context.lineWidth = 1;
      context.globalAlpha = 0.35;
      for (let i = 0; i < n; i++) {
        context.strokeStyle = this.colors[i];
        context.beginPath();
        view.frames.forEach((frame, k) => {
          const [px, py] = this.frame.toPixel(frame[2 * i], frame[2 * i + 1]);
          if (k === 0) context.moveTo(px, py);
          else context.lineTo(px, py);
        });
        context.stroke();
      }
      context.globalAlpha = 1;
      for (let i = 0; i < n; i++) {
        const [x, y] = positionAt(view, i, this.time);
        const [px, py] = this.frame.toPixel(x, y);
        context.fillStyle = this.colors[i];
        context.beginPath();
        context.arc(px, py, 3, 0, 2 * Math.PI);
        context.fill();
      }
      context.restore();
    } else {
      this.frame.drawNote(context, this.note, '#5b6472');
    }
    this.frame.drawFrame(context);
  }
}
