import { AXES_MARGINS, Axes } from '../plot/axes';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from '../plot/figure';
import { drawLegend, legendSize, type LegendEntry } from '../plot/legend';
import { drawLine } from '../plot/line';
import { inset, panelGrid } from '../plot/panel-grid';
import { paddedDomain, prefersLogScale } from '../plot/scale';
import { drawScatter } from '../plot/scatter';
import { THEME } from '../plot/theme';

/** One curve of a panel: values at swept settings. */
export interface StudySeries {
  label: string;
  xs: readonly number[];
  values: readonly number[];
  color: string;
  /** Draw the curve dashed (for example the held-out set next to the training set). */
  dashed?: boolean;
}

/** A panel of curves against the swept setting, optionally with a dashed reference level. */
export interface StudyPanel {
  title: string;
  series: readonly StudySeries[];
  reference?: { label: string; value: number };
}

const CELL = { width: 420, height: 330 };
const GAP = 8;

/** Panels side by side, each with its curves against the swept setting on a log x axis. */
export function renderStudyFigure(options: { title: string; subtitle: string; xLabel: string; panels: readonly StudyPanel[] }): Figure {
  const { panels } = options;
  const xs = panels.flatMap((panel) => panel.series.flatMap((series) => series.xs));
  const top = figureTitleHeight(true) + 30;
  const figure = createFigure(panels.length * (CELL.width + GAP) + GAP, top + CELL.height, options.title);
  drawFigureTitle(figure, options.subtitle);
  const labels = new Map<string, LegendEntry>();
  for (const panel of panels) {
    for (const series of panel.series) {
      labels.set(series.label, { label: series.label, color: series.color, kind: series.dashed ? 'dashed' : 'line' });
    }
    if (panel.reference) labels.set(panel.reference.label, { label: panel.reference.label, color: THEME.text, kind: 'dashed' });
  }
  const legend = [...labels.values()];
  drawLegend(figure.context, legend, (figure.width - legendSize(figure.context, legend, true).width) / 2, figureTitleHeight(true) - 4, true);
  const cells = panelGrid({ x: GAP, y: top, width: figure.width - 2 * GAP, height: CELL.height }, 1, panels.length, { x: GAP, y: 0 });
  panels.forEach((panel, index) => {
    const values = [...panel.series.flatMap((series) => series.values), ...(panel.reference ? [panel.reference.value] : [])].filter(Number.isFinite);
    const yKind = values.every((v) => v > 0) && prefersLogScale(values) ? 'log' : 'linear';
    const axes = new Axes(figure.context, inset(cells[0][index], AXES_MARGINS), {
      title: panel.title,
      x: { domain: paddedDomain(xs, 'log'), kind: 'log', label: options.xLabel },
      y: { domain: paddedDomain(values.length > 0 ? values : [0, 1], yKind), kind: yKind },
    });
    axes.render(() => {
      if (panel.reference) {
        const [low, high] = paddedDomain(xs, 'log');
        drawLine(axes, [low, high], [panel.reference.value, panel.reference.value], { color: THEME.text, width: 1.2, dash: [5, 4] });
      }
      for (const series of panel.series) {
        drawLine(axes, series.xs, series.values, { color: series.color, width: 1.8, dash: series.dashed ? [7, 4] : undefined });
        drawScatter(axes, series.xs, series.values, { color: series.color, radius: 3, alpha: 1, outline: true });
      }
    });
  });
  return figure;
}

/** Figures in rows on one canvas (for example trajectories at a small and a large α, one row per model kind). */
export function figureGrid(rows: readonly (readonly Figure[])[], title: string): Figure {
  const width = Math.max(...rows.map((row) => row.reduce((sum, f) => sum + f.width, 0)));
  const heights = rows.map((row) => Math.max(...row.map((f) => f.height)));
  const top = figureTitleHeight(false);
  const combined = createFigure(width, top + heights.reduce((sum, h) => sum + h, 0), title);
  drawFigureTitle(combined);
  let y = top;
  rows.forEach((row, index) => {
    let x = 0;
    for (const figure of row) {
      combined.context.drawImage(figure.canvas, x, y, figure.width, figure.height);
      x += figure.width;
    }
    y += heights[index];
  });
  return combined;
}
