import type { Axes } from './axes';

/** Counts of `values` in `bins` equal bins over [min, max], scaled to a density (area 1); values outside are ignored. */
export function histogramDensity(values: ArrayLike<number>, min: number, max: number, bins: number): Float64Array {
  const counts = new Float64Array(bins);
  const width = (max - min) / bins;
  let inside = 0;
  for (let i = 0; i < values.length; i++) {
    const bin = Math.floor((values[i] - min) / width);
    if (bin < 0 || bin >= bins || !Number.isFinite(values[i])) continue;
    counts[bin] += 1;
    inside += 1;
  }
  if (inside > 0) for (let bin = 0; bin < bins; bin++) counts[bin] /= inside * width;
  return counts;
}

export interface HistogramStyle {
  color: string;
  /** Fill under the outline with this opacity; 0 draws the outline only. Default 0. */
  fillAlpha?: number;
  lineWidth?: number;
}

/** A step outline (and optional fill) of per-bin heights over [min, max], in the axes' data coordinates. */
export function drawHistogram(axes: Axes, heights: ArrayLike<number>, min: number, max: number, style: HistogramStyle): void {
  const { context } = axes;
  const width = (max - min) / heights.length;
  const baseline = axes.y.map(axes.y.domain[0]);
  context.save();
  context.beginPath();
  context.moveTo(axes.x.map(min), baseline);
  for (let bin = 0; bin < heights.length; bin++) {
    const top = axes.y.map(heights[bin]);
    context.lineTo(axes.x.map(min + bin * width), top);
    context.lineTo(axes.x.map(min + (bin + 1) * width), top);
  }
  context.lineTo(axes.x.map(max), baseline);
  if ((style.fillAlpha ?? 0) > 0) {
    context.globalAlpha = style.fillAlpha ?? 0;
    context.fillStyle = style.color;
    context.fill();
    context.globalAlpha = 1;
  }
  context.strokeStyle = style.color;
  context.lineWidth = style.lineWidth ?? 1.5;
  context.stroke();
  context.restore();
}
