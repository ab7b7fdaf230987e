import { formatNumber } from './format-number';
import { formatTick, niceTicks } from './plot-frame';
import { createSvgText, SVG_NAMESPACE, textWidth } from './svg-text';

export interface LossSeriesInfo {
  /** Short name (J, L, C, R, …): the y axis's title, and the chart's data-series attribute. */
  key: string;
  title: string;
  color: string;
  /** Overlay a moving average (per-batch values are noisy). */
  smooth: boolean;
}

/** The moving average spans this share of the history: no smoothing early on, ~50 points at 2000 iterations. */
const SMOOTHING_SHARE = 1 / 40;
/** Axis text size in CSS pixels. */
const FONT_SIZE = 10;
const TICK_GAP = 4;
/** Inset of the y title: glyphs like "J" reach left of their origin. */
const Y_TITLE_INSET = 2;
/** Space between the y title (the series' short name, upright: a rotated "J" reads as "¬") and the tick labels. */
const Y_TITLE_GAP = 8;
const TOP_MARGIN = 8;
/** Below the plot: the iteration labels (clear of the lowest value label), a gap, the x title and its descent. */
const X_LABEL_OFFSET = 7;
const X_TITLE_BASELINE = 5;
const BOTTOM_MARGIN = X_LABEL_OFFSET + FONT_SIZE + 4 + FONT_SIZE + X_TITLE_BASELINE;

/** Iterations are whole numbers: ticks between them would be labels of nothing. */
function iterationTicks(first: number, last: number): number[] {
  return niceTicks(first, last, 4).filter(Number.isInteger);
}

/** At least two labelled values, so that the scale can be read. */
function valueTicks(low: number, high: number): number[] {
  const ticks = niceTicks(low, high, 3);
  return ticks.length >= 2 ? ticks : niceTicks(low, high, 6);
}

/**
 * One loss term against the iteration (SVG, with axis titles and tick labels laid out to fit), and its latest value;
 * the DOM carries first/latest values for tests.
 */
export class LossChart {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly valueLabel: HTMLElement;
  private iterations: number[] = [];
  private values: number[] = [];

  constructor(readonly info: LossSeriesInfo) {
    this.element = document.createElement('div');
    this.element.className = 'chart';
    this.element.dataset.series = info.key;
    const head = document.createElement('div');
    head.className = 'chart-head';
    const title = document.createElement('span');
    title.className = 'chart-title';
    title.textContent = info.title;
    this.valueLabel = document.createElement('span');
    this.valueLabel.className = 'chart-value';
    this.valueLabel.textContent = '—';
    head.append(title, this.valueLabel);
    this.svg = document.createElementNS(SVG_NAMESPACE, 'svg');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', `${info.key}, ${info.title}, against the iteration`);
    this.element.append(head, this.svg);
  }

  clear(): void {
    this.iterations = [];
    this.values = [];
    this.updateLabels();
  }

  push(iteration: number, value: number): void {
    this.iterations.push(iteration);
    this.values.push(value);
  }

  updateLabels(): void {
    const count = this.values.length;
    this.element.dataset.count = String(count);
    this.element.dataset.first = count ? String(this.values[0]) : '';
    this.element.dataset.latest = count ? String(this.values[count - 1]) : '';
    this.valueLabel.textContent = count ? formatNumber(this.values[count - 1], 4) : '—';
  }

  render(): void {
    this.updateLabels();
    const width = Math.max(1, this.svg.clientWidth);
    const height = Math.max(1, this.svg.clientHeight);
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const finite = this.values.filter(Number.isFinite);
    const [low, high] = finite.length > 0 ? this.valueRange(finite) : [0, 1];
    const first = this.iterations.length > 0 ? this.iterations[0] : 0;
    const last = Math.max(this.iterations.length > 0 ? this.iterations[this.iterations.length - 1] : 0, first + 1);
    const yTicks = finite.length > 0 ? valueTicks(low, high) : [];
    const xTicks = finite.length > 0 ? iterationTicks(first, last) : [];
    const yLabels = yTicks.map(formatTick);
    const xLabels = xTicks.map(formatTick);

    // Margins from the labels' widths: the widest value label on the left, half the last iteration label on the right.
    const titleWidth = textWidth(this.info.key, FONT_SIZE, true);
    const left = Y_TITLE_INSET + titleWidth + Y_TITLE_GAP + Math.max(0, ...yLabels.map((label) => textWidth(label, FONT_SIZE))) + TICK_GAP;
    const lastLabel = xLabels.length > 0 ? xLabels[xLabels.length - 1] : '';
    const plot = {
      left,
      right: width - Math.max(4, textWidth(lastLabel, FONT_SIZE) / 2 + 2),
      top: TOP_MARGIN,
      bottom: height - BOTTOM_MARGIN,
    };
    const toX = (iteration: number) => plot.left + ((iteration - first) / (last - first)) * (plot.right - plot.left);
    const toY = (value: number) =>
      plot.bottom - ((Math.min(high, Math.max(low, value)) - low) / (high - low)) * (plot.bottom - plot.top);

    const parts: SVGElement[] = [];
    parts.push(this.line(plot.left, plot.bottom, plot.right, plot.bottom, '#c9ced6'));
    yTicks.forEach((tick, i) => {
      parts.push(this.line(plot.left, toY(tick), plot.right, toY(tick), '#eceef2'));
      parts.push(createSvgText(yLabels[i], { x: plot.left - TICK_GAP, y: toY(tick), anchor: 'end', baseline: 'central', size: FONT_SIZE, className: 'tick' }));
    });
    xTicks.forEach((tick, i) => {
      parts.push(this.line(toX(tick), plot.bottom, toX(tick), plot.bottom + 3, '#c9ced6'));
      parts.push(createSvgText(xLabels[i], { x: toX(tick), y: plot.bottom + X_LABEL_OFFSET, anchor: 'middle', baseline: 'hanging', size: FONT_SIZE, className: 'tick' }));
    });
    const middle = (plot.top + plot.bottom) / 2;
    const yTitle = createSvgText(this.info.key, { x: Y_TITLE_INSET, y: middle, anchor: 'start', baseline: 'central', size: FONT_SIZE, bold: true, className: 'axis-title' });
    yTitle.style.fill = this.info.color;
    parts.push(yTitle);
    parts.push(createSvgText('iteration', { x: (plot.left + plot.right) / 2, y: height - X_TITLE_BASELINE, anchor: 'middle', baseline: 'auto', size: FONT_SIZE, className: 'axis-title' }));
    if (finite.length === 0) {
      parts.push(createSvgText('no values yet', { x: (plot.left + plot.right) / 2, y: middle, anchor: 'middle', baseline: 'central', size: FONT_SIZE, className: 'note' }));
    } else {
      parts.push(this.path(this.values, toX, toY, this.info.smooth ? `${this.info.color}55` : this.info.color));
      if (this.info.smooth) parts.push(this.path(this.smoothed(), toX, toY, this.info.color));
    }
    this.svg.replaceChildren(...parts);
  }

  /** From the minimum to the 98th percentile: the first iterations' large values would flatten the rest. */
  private valueRange(finite: number[]): [number, number] {
    const sorted = [...finite].sort((a, b) => a - b);
    const low = sorted[0];
    let high = sorted.length > 20 ? sorted[Math.floor(0.98 * (sorted.length - 1))] : sorted[sorted.length - 1];
    if (!(high > low)) high = low + Math.max(1e-6, Math.abs(low) * 0.1);
    const pad = 0.06 * (high - low);
    return [low - pad, high + pad];
  }

  /** Trailing mean over a window that grows with the history, so it never lags behind the first iterations. */
  private smoothed(): number[] {
    const window = Math.max(1, Math.floor(this.values.length * SMOOTHING_SHARE));
    let sum = 0;
    let count = 0;
    return this.values.map((value, i) => {
      if (Number.isFinite(value)) {
        sum += value;
        count += 1;
      }
      const leaving = this.values[i - window];
      if (i >= window && Number.isFinite(leaving)) {
        sum -= leaving;
        count -= 1;
      }
      return count > 0 ? sum / count : Number.NaN;
    });
  }

  private line(x1: number, y1: number, x2: number, y2: number, color: string): SVGLineElement {
    const line = document.createElementNS(SVG_NAMESPACE, 'line');
    for (const [name, value] of Object.entries({ x1, y1, x2, y2 })) line.setAttribute(name, value.toFixed(1));
    line.setAttribute('stroke', color);
    return line;
  }

  /** The series as one polyline (a dot when it has one point), skipping non-finite values. */
  private path(values: number[], toX: (iteration: number) => number, toY: (value: number) => number, color: string): SVGPathElement {
    const commands: string[] = [];
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      commands.push(`${commands.length === 0 ? 'M' : 'L'}${toX(this.iterations[i]).toFixed(1)} ${toY(value).toFixed(1)}`);
    });
    const single = commands.length === 1;
    if (single) commands.push('h0.01');
    const path = document.createElementNS(SVG_NAMESPACE, 'path');
    path.setAttribute('d', commands.join(''));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', single ? '4' : '1.5');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    return path;
  }
}
