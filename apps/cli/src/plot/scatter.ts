import type { Axes } from './axes';

export interface ScatterStyle {
  color: string;
  /** Marker radius in logical pixels. Default 1.6. */
  radius?: number;
  /** Opacity of each marker; overlapping markers add up, so dense regions look darker. Default 0.5. */
  alpha?: number;
  /** Draw a thin white ring around each marker (for a few markers drawn over lines). Default false. */
  outline?: boolean;
}

/** Round markers at (xs[i], ys[i]) in data coordinates; points the scales cannot show are skipped. */
export function drawScatter(axes: Axes, xs: ArrayLike<number>, ys: ArrayLike<number>, style: ScatterStyle): void {
  if (xs.length !== ys.length) throw new Error(`drawScatter: xs has ${xs.length} values but ys has ${ys.length}.`);
  const { context } = axes;
  const radius = style.radius ?? 1.6;
  context.save();
  context.globalAlpha = style.alpha ?? 0.5;
  context.fillStyle = style.color;
  context.strokeStyle = '#ffffff';
  context.lineWidth = 0.8;
  for (let i = 0; i < xs.length; i++) {
    const px = axes.x.map(xs[i]);
    const py = axes.y.map(ys[i]);
    if (Number.isNaN(px) || Number.isNaN(py)) continue;
    context.beginPath();
    context.arc(px, py, radius, 0, 2 * Math.PI);
    context.fill();
    if (style.outline) context.stroke();
  }
  context.restore();
}
