import type { Axes } from './axes';

export interface LineStyle {
  color: string;
  /** Logical pixels. Default 1.5. */
  width?: number;
  alpha?: number;
  /** Dash pattern in logical pixels, e.g. [5, 4]. Default solid. */
  dash?: number[];
}

/**
 * A polyline through (xs[i], ys[i]) in data coordinates. Points the scales cannot show (NaN, or ≤ 0 on a log axis)
 * break the line instead of joining across them; a point with no showable neighbour is drawn as a dot.
 */
export function drawLine(axes: Axes, xs: ArrayLike<number>, ys: ArrayLike<number>, style: LineStyle): void {
  if (xs.length !== ys.length) throw new Error(`drawLine: xs has ${xs.length} values but ys has ${ys.length}.`);
  const { context } = axes;
  context.save();
  context.strokeStyle = style.color;
  context.lineWidth = style.width ?? 1.5;
  context.globalAlpha = style.alpha ?? 1;
  context.lineJoin = 'round';
  context.lineCap = 'round';
  context.setLineDash(style.dash ?? []);
  // Runs of showable points; a run of one point is drawn as a dot so that a value between gaps stays visible.
  const runs: [number, number][][] = [[]];
  for (let i = 0; i < xs.length; i++) {
    const px = axes.x.map(xs[i]);
    const py = axes.y.map(ys[i]);
    if (Number.isNaN(px) || Number.isNaN(py)) {
      if (runs[runs.length - 1].length > 0) runs.push([]);
      continue;
    }
    runs[runs.length - 1].push([px, py]);
  }
  context.beginPath();
  for (const run of runs.filter((r) => r.length > 1)) {
    context.moveTo(run[0][0], run[0][1]);
    for (const [px, py] of run.slice(1)) context.lineTo(px, py);
  }
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = style.color;
  for (const run of runs.filter((r) => r.length === 1)) {
    context.beginPath();
    context.arc(run[0][0], run[0][1], Math.max(2, 1.5 * context.lineWidth), 0, 2 * Math.PI);
    context.fill();
  }
  context.restore();
}
