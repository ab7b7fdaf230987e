import type { DataMatrix } from '@otflow/datasets';
import { Random } from '@otflow/random';
import type { Flow } from '@otflow/runtime';
import { AXES_MARGINS, Axes } from './axes';
import { squareBounds } from './bounds';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from './figure';
import { drawLegend, legendSize, type LegendEntry } from './legend';
import { drawLine } from './line';
import { inset } from './panel-grid';
import { column, sampleRows, type Points } from './point-matrix';
import { drawScatter } from './scatter';
import { subscripted } from './text';
import { THEME } from './theme';

export interface TrajectoriesFigureOptions {
  /** Particles start at data points (forward, t: 0 → 1); without data they start at normal draws (inverse). */
  data?: DataMatrix;
  particles: number;
  nt: number;
  seed: number;
  title: string;
}

const PANEL = 560;
/** Room for the legend between the subtitle and the plot, where it hides no path. */
const LEGEND_ROW = 30;

/**
 * Particle paths x(t) from t = 0 (data side) to t = 1 (normal side), one line per particle with markers at both
 * ends; for d > 2 the first two coordinates. Optimal-transport paths are straight, so the panel title reports the
 * mean ratio of path length to displacement (1 for straight lines).
 */
export async function renderTrajectoriesFigure(flow: Flow, options: TrajectoriesFigureOptions): Promise<Figure> {
  const { particles, nt, seed, data } = options;
  const random = new Random(seed).fork('trajectories');
  // Flow.trajectories standardizes a Float32Array argument in place: hand it a copy.
  const start = data ? sampleRows(data, particles, random).data.slice() : random.fillNormal(new Float32Array(particles * flow.d));
  const { times, positions } = await flow.trajectories(start, { nt, direction: data ? 'forward' : 'inverse' });
  const atZero = positions[times.indexOf(0)];
  const atOne = positions[times.indexOf(1)];
  const pathXs = (i: number): number[] => positions.map((p) => p.data[i * p.cols]);
  const pathYs = (i: number): number[] => positions.map((p) => p.data[i * p.cols + 1]);

  const bounds = squareBounds(positions.map((p) => ({ xs: column(p, 0), ys: column(p, 1) })), { trim: 0, padding: 0.05 });
  const cell = { x: 0, y: figureTitleHeight(true) + LEGEND_ROW, width: AXES_MARGINS.left + PANEL + AXES_MARGINS.right + 10, height: AXES_MARGINS.top + PANEL + AXES_MARGINS.bottom };
  const figure = createFigure(cell.width + 10, cell.y + cell.height + 4, options.title);
  const source = data ? 'forward from data points' : 'inverse from y ~ N(0, I)';
  const projection = flow.d > 2 ? ` · coordinates 1–2 of ${flow.d}` : '';
  drawFigureTitle(figure, `${atZero.rows} particles, ${source} · nt = ${nt}${projection}`);
  const axes = new Axes(figure.context, inset(cell, { ...AXES_MARGINS, left: AXES_MARGINS.left + 10 }), {
    title: `Paths x(t), t from 0 to 1 · length / displacement = ${meanStraightness(positions).toFixed(3)}`,
    x: { domain: bounds[0], label: subscripted('x', 1) },
    y: { domain: bounds[1], label: subscripted('x', 2) },
  });
  axes.render(() => {
    for (let i = 0; i < atZero.rows; i++) drawLine(axes, pathXs(i), pathYs(i), { color: THEME.neutral, width: 0.9, alpha: 0.55 });
    drawScatter(axes, column(atZero, 0), column(atZero, 1), { color: THEME.primary, radius: 2.6, alpha: 0.9, outline: true });
    drawScatter(axes, column(atOne, 0), column(atOne, 1), { color: THEME.secondary, radius: 2.6, alpha: 0.9, outline: true });
  });
  const legend: LegendEntry[] = [
    { label: data ? 't = 0: data x' : 't = 0: generated f⁻¹(y)', color: THEME.primary, kind: 'marker' },
    { label: data ? 't = 1: f(x), normal side' : 't = 1: y ~ N(0, I)', color: THEME.secondary, kind: 'marker' },
    { label: 'path', color: THEME.neutral, kind: 'line' },
  ];
  const { width } = legendSize(figure.context, legend, true);
  drawLegend(figure.context, legend, axes.area.x + (axes.area.width - width) / 2, figureTitleHeight(true) - 4, true);
  return figure;
}

/** Mean over particles of (polyline length) / ‖x(1) − x(0)‖: 1 for straight paths. Particles that barely move are skipped. */
function meanStraightness(positions: readonly Points[]): number {
  const { rows, cols } = positions[0];
  let total = 0;
  let counted = 0;
  for (let i = 0; i < rows; i++) {
    let length = 0;
    for (let k = 1; k < positions.length; k++) length += distance(positions[k - 1], positions[k], i, cols);
    const displacement = distance(positions[0], positions[positions.length - 1], i, cols);
    if (displacement < 1e-6) continue;
    total += length / displacement;
    counted += 1;
  }
  return counted > 0 ? total / counted : 1;
}

function distance(a: Points, b: Points, row: number, cols: number): number {
  let squared = 0;
  for (let j = 0; j < cols; j++) squared += (a.data[row * cols + j] - b.data[row * cols + j]) ** 2;
  return Math.sqrt(squared);
}
