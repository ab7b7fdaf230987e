import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rect } from './panel-grid';
import { Scale, type ScaleKind } from './scale';
import { drawText, fitText, textWidth } from './text';
import { THEME } from './theme';
import type { Tick } from './ticks';

export interface AxisOptions {
  domain: readonly [number, number];
  kind?: ScaleKind;
  label?: string;
  /** About how many labelled ticks (linear axes). Default 5; fewer are used when labels would collide. */
  tickTarget?: number;
  /** Default true; scatter-matrix panels hide the labels of inner axes. */
  showTickLabels?: boolean;
  /** Ticks only at whole numbers (iteration counts). Default false. */
  integerTicks?: boolean;
}

export interface AxesOptions {
  x: AxisOptions;
  y: AxisOptions;
  title?: string;
  /** Light lines at the labelled ticks. Default true. */
  grid?: boolean;
}

/** Room an axes needs around its plot area for ticks, tick labels, axis labels and the title (logical pixels). */
export const AXES_MARGINS = { top: 30, right: 14, bottom: 50, left: 66 } as const;

const LABEL_GAP = 8;

/**
 * A plot area with an x and a y scale: content is drawn in data coordinates through {@link Axes.x} and
 * {@link Axes.y}, clipped to the area, under a frame with ticks, labels and a title.
 */
export class Axes {
  readonly context: SKRSContext2D;
  readonly area: Rect;
  readonly x: Scale;
  readonly y: Scale;
  private readonly options: AxesOptions;
  private readonly xTicks: Tick[];
  private readonly yTicks: Tick[];

  constructor(context: SKRSContext2D, area: Rect, options: AxesOptions) {
    this.context = context;
    this.area = area;
    this.options = options;
    this.x = new Scale(options.x.kind ?? 'linear', options.x.domain, [area.x, area.x + area.width]);
    this.y = new Scale(options.y.kind ?? 'linear', options.y.domain, [area.y + area.height, area.y]);
    this.xTicks = this.fittingTicks(this.x, options.x, (tick) => textWidth(context, tick, THEME.fontSize.tick) + 10);
    this.yTicks = this.fittingTicks(this.y, options.y, () => THEME.fontSize.tick + 6);
  }

  /** Grid, then `drawContent` clipped to the plot area, then frame, ticks, labels and title. */
  render(drawContent: () => void): void {
    if (this.options.grid ?? true) this.drawGrid();
    this.clipped(drawContent);
    this.drawFrame();
  }

  /** Runs `draw` with drawing restricted to the plot area. */
  clipped(draw: () => void): void {
    const { context, area } = this;
    context.save();
    context.beginPath();
    context.rect(area.x, area.y, area.width, area.height);
    context.clip();
    draw();
    context.restore();
  }

  private drawGrid(): void {
    const { context, area } = this;
    context.save();
    context.strokeStyle = THEME.grid;
    context.lineWidth = 1;
    context.beginPath();
    for (const tick of this.xTicks.filter((t) => t.label !== undefined)) {
      const px = this.x.map(tick.value);
      context.moveTo(px, area.y);
      context.lineTo(px, area.y + area.height);
    }
    for (const tick of this.yTicks.filter((t) => t.label !== undefined)) {
      const py = this.y.map(tick.value);
      context.moveTo(area.x, py);
      context.lineTo(area.x + area.width, py);
    }
    context.stroke();
    context.restore();
  }

  private drawFrame(): void {
    const { context, area, options } = this;
    const { tickLength } = THEME;
    context.save();
    context.strokeStyle = THEME.frame;
    context.lineWidth = 1;
    context.strokeRect(area.x, area.y, area.width, area.height);
    context.beginPath();
    for (const tick of this.xTicks) {
      const px = this.x.map(tick.value);
      const length = tick.label === undefined ? tickLength / 2 : tickLength;
      context.moveTo(px, area.y + area.height);
      context.lineTo(px, area.y + area.height + length);
    }
    for (const tick of this.yTicks) {
      const py = this.y.map(tick.value);
      const length = tick.label === undefined ? tickLength / 2 : tickLength;
      context.moveTo(area.x, py);
      context.lineTo(area.x - length, py);
    }
    context.stroke();
    context.restore();

    const tickSize = THEME.fontSize.tick;
    let widestYLabel = 0;
    if (options.x.showTickLabels ?? true) {
      for (const tick of this.xTicks) {
        if (tick.label === undefined) continue;
        drawText(context, tick.label, this.x.map(tick.value), area.y + area.height + tickLength + 3, {
          size: tickSize,
          align: 'center',
          baseline: 'top',
        });
      }
    }
    if (options.y.showTickLabels ?? true) {
      for (const tick of this.yTicks) {
        if (tick.label === undefined) continue;
        widestYLabel = Math.max(widestYLabel, textWidth(context, tick.label, tickSize));
        drawText(context, tick.label, area.x - tickLength - 3, this.y.map(tick.value), {
          size: tickSize,
          align: 'right',
          baseline: 'middle',
        });
      }
    }
    const labelSize = THEME.fontSize.axisLabel;
    if (options.x.label) {
      const below = (options.x.showTickLabels ?? true) ? tickLength + tickSize + LABEL_GAP : LABEL_GAP;
      drawText(context, fitText(context, options.x.label, labelSize, area.width), area.x + area.width / 2, area.y + area.height + below, {
        size: labelSize,
        align: 'center',
        baseline: 'top',
      });
    }
    if (options.y.label) {
      const left = widestYLabel > 0 ? tickLength + 3 + widestYLabel + LABEL_GAP : LABEL_GAP;
      drawText(context, fitText(context, options.y.label, labelSize, area.height), area.x - left, area.y + area.height / 2, {
        size: labelSize,
        align: 'center',
        baseline: 'bottom',
        rotation: -Math.PI / 2,
      });
    }
    if (options.title) {
      drawText(context, fitText(context, options.title, THEME.fontSize.panelTitle, area.width + 40), area.x + area.width / 2, area.y - 9, {
        size: THEME.fontSize.panelTitle,
        align: 'center',
      });
    }
  }

  /**
   * The scale's ticks with about `axis.tickTarget` labels, taking fewer while neighbouring labels would overlap (each needs
   * `room(label)` pixels along the axis).
   */
  private fittingTicks(scale: Scale, axis: AxisOptions, room: (label: string) => number): Tick[] {
    for (let wanted = axis.tickTarget ?? 5; ; wanted--) {
      const ticks = scale.ticks(wanted, axis.integerTicks ? 1 : 0);
      const labelled = ticks.filter((tick) => tick.label !== undefined);
      const fits = labelled.every((tick, i) => {
        if (i === 0) return true;
        const gap = Math.abs(scale.map(tick.value) - scale.map(labelled[i - 1].value));
        return gap >= (room(tick.label as string) + room(labelled[i - 1].label as string)) / 2;
      });
      if (fits || wanted <= 2 || scale.kind === 'log') return ticks;
    }
  }
}
