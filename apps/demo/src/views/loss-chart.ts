import { formatNumber } from './format-number';
import { formatTick, niceTicks } from './plot-frame';

export interface LossSeriesInfo {
  /** Short name (J, L, C, R, …), also the chart's data-series attribute. */
  key: string;
  title: string;
  color: string;
  /** Overlay a moving average (per-batch values are noisy). */
  smooth: boolean;
}

/** The moving average spans this share of the history: no smoothing early on, ~50 points at 2000 iterations. */
const SMOOTHING_SHARE = 1 / 40;

/** One loss term against the iteration, with its latest value; the DOM carries first/latest values for tests. */
export class LossChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly valueLabel: HTMLElement;
  private iterations: number[] = [];
  private values: number[] = [];

  constructor(readonly info: LossSeriesInfo) {
    this.element = document.createElement('div');
    this.element.className = 'chart';
    this.element.dataset.series = info.key;
    const head = document.createElement('div');
    head.className = 'chart-head';
    const name = document.createElement('span');
    name.className = 'chart-name';
    name.style.color = info.color;
    name.textContent = info.key;
    const title = document.createElement('span');
    title.className = 'chart-title';
    title.textContent = info.title;
    this.valueLabel = document.createElement('span');
    this.valueLabel.className = 'chart-value';
    this.valueLabel.textContent = '—';
    head.append(name, title, this.valueLabel);
    this.canvas = document.createElement('canvas');
    this.element.append(head, this.canvas);
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
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, this.canvas.clientWidth);
    const height = Math.max(1, this.canvas.clientHeight);
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const finite = this.values.filter(Number.isFinite);
    if (finite.length === 0) return;
    const [low, high] = this.valueRange(finite);
    const first = this.iterations[0];
    const last = Math.max(this.iterations[this.iterations.length - 1], first + 1);
    const plot = { left: 44, right: width - 6, top: 6, bottom: height - 16 };
    const toX = (iteration: number) => plot.left + ((iteration - first) / (last - first)) * (plot.right - plot.left);
    const toY = (value: number) =>
      plot.bottom - ((Math.min(high, Math.max(low, value)) - low) / (high - low)) * (plot.bottom - plot.top);

    context.font = '10px system-ui, sans-serif';
    context.fillStyle = '#5b6472';
    context.strokeStyle = '#eceef2';
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of niceTicks(low, high, 2)) {
      context.beginPath();
      context.moveTo(plot.left, toY(tick));
      context.lineTo(plot.right, toY(tick));
      context.stroke();
      context.fillText(formatTick(tick), plot.left - 4, toY(tick));
    }
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of niceTicks(first, last, 4)) context.fillText(formatTick(tick), toX(tick), plot.bottom + 3);

    this.drawLine(context, this.values, toX, toY, this.info.smooth ? `${this.info.color}55` : this.info.color);
    if (this.info.smooth) this.drawLine(context, this.smoothed(), toX, toY, this.info.color);
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

  private drawLine(
    context: CanvasRenderingContext2D,
    values: number[],
    toX: (iteration: number) => number,
    toY: (value: number) => number,
    color: string,
  ): void {
    context.strokeStyle = color;
    context.lineWidth = 1.5;
    context.beginPath();
    let started = false;
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      const [x, y] = [toX(this.iterations[i]), toY(value)];
      if (started) context.lineTo(x, y);
      else context.moveTo(x, y);
      started = true;
    });
    if (values.length === 1) context.arc(toX(this.iterations[0]), toY(values[0]), 2, 0, 2 * Math.PI);
    context.stroke();
  }
}
