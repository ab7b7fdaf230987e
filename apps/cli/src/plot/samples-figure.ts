import type { DataMatrix } from '@otflow/datasets';
import { Random } from '@otflow/random';
import type { Flow } from '@otflow/runtime';
import { AXES_MARGINS, Axes } from './axes';
import { squareBounds } from './bounds';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from './figure';
import { drawLegend, type LegendEntry } from './legend';
import { drawLine } from './line';
import { inset, panelGrid, type Rect } from './panel-grid';
import { column, sampleRows, type Points } from './point-matrix';
import { drawScatter } from './scatter';
import { subscripted } from './text';
import { THEME } from './theme';

export interface SamplesFigureOptions {
  /** Data to compare with; without it only generated samples are shown. */
  data?: DataMatrix;
  /** Points per panel. */
  n: number;
  nt: number;
  seed: number;
  title: string;
}

const PANEL = 380;
const CELL = { width: AXES_MARGINS.left + PANEL + AXES_MARGINS.right, height: AXES_MARGINS.top + PANEL + AXES_MARGINS.bottom };
const GAP = 16;
/** The standard normal's 1σ, 2σ and 3σ circles, drawn under f(x) as the target it should match. */
const NORMAL_RADII = [1, 2, 3];

interface ScatterPanel {
  title: string;
  points: Points;
  bounds: [[number, number], [number, number]];
  symbol: string;
  color: string;
  normalGuides?: boolean;
}

/**
 * The OT-Flow paper's toy figure for a 2-D flow, in a 2 × 2 grid: data x, f(x) pushed to the normal, the round trip
 * f⁻¹(f(x)), and generated samples f⁻¹(y) with y ~ N(0, I). Without data, one panel of generated samples.
 */
export async function renderSamplesFigure(flow: Flow, options: SamplesFigureOptions): Promise<Figure> {
  const { n, nt, seed, data } = options;
  const generated = await flow.sample(n, { nt, seed });
  if (!data) {
    const bounds = squareBounds([planar(generated)]);
    const figure = createFigure(CELL.width + 2 * GAP, figureTitleHeight(true) + CELL.height + GAP, options.title);
    drawFigureTitle(figure, `${n} samples f⁻¹(y), y ~ N(0, I) · nt = ${nt} · seed ${seed}`);
    const cell = { x: GAP, y: figureTitleHeight(true), width: CELL.width, height: CELL.height };
    drawScatterPanel(figure, cell, { title: 'Generated samples f⁻¹(y)', points: generated, bounds, symbol: 'x', color: THEME.secondary });
    return figure;
  }
  const x = sampleRows(data, n, new Random(seed).fork('plotted data'));
  // A copy: Flow.forward standardizes a Float32Array argument in place.
  const mapped = await flow.forward(x.data.slice(), { nt });
  const roundTrip = await flow.inverse(mapped.points.data, { nt });
  const dataBounds = squareBounds([planar(x), planar(generated)]);
  const latentHalf = Math.max(4, ...squareBounds([planar(mapped.points)]).flat().map(Math.abs));
  const latentBounds: [[number, number], [number, number]] = [[-latentHalf, latentHalf], [-latentHalf, latentHalf]];

  const top = figureTitleHeight(true);
  const figure = createFigure(2 * CELL.width + 3 * GAP, top + 2 * CELL.height + 40, options.title);
  drawFigureTitle(
    figure,
    `${x.rows} points per panel · nt = ${nt} · seed ${seed} · mean ‖x − f⁻¹(f(x))‖ = ${meanDistance(x, roundTrip.points).toPrecision(2)}`,
  );
  const cells = panelGrid({ x: GAP, y: top, width: 2 * CELL.width + GAP, height: 2 * CELL.height }, 2, 2, { x: GAP, y: 0 });
  const panels: ScatterPanel[][] = [
    [
      { title: 'Data x', points: x, bounds: dataBounds, symbol: 'x', color: THEME.primary },
      { title: 'f(x): data pushed to the normal', points: mapped.points, bounds: latentBounds, symbol: 'z', color: THEME.primary, normalGuides: true },
    ],
    [
      { title: 'f⁻¹(f(x)): round trip', points: roundTrip.points, bounds: dataBounds, symbol: 'x', color: THEME.primary },
      { title: 'f⁻¹(y): generated, y ~ N(0, I)', points: generated, bounds: dataBounds, symbol: 'x', color: THEME.secondary },
    ],
  ];
  panels.forEach((row, r) => row.forEach((panel, c) => drawScatterPanel(figure, cells[r][c], panel)));
  const legend: LegendEntry[] = [
    { label: 'from data', color: THEME.primary, kind: 'marker' },
    { label: 'generated', color: THEME.secondary, kind: 'marker' },
    { label: 'N(0, I): 1σ, 2σ, 3σ', color: THEME.neutral, kind: 'dashed' },
  ];
  drawLegend(figure.context, legend, GAP + AXES_MARGINS.left, top + 2 * CELL.height + 6, true);
  return figure;
}

function drawScatterPanel(figure: Figure, cell: Rect, panel: ScatterPanel): void {
  const [xDomain, yDomain] = panel.bounds;
  const axes = new Axes(figure.context, inset(cell, AXES_MARGINS), {
    title: panel.title,
    x: { domain: xDomain, label: subscripted(panel.symbol, 1) },
    y: { domain: yDomain, label: subscripted(panel.symbol, 2) },
  });
  axes.render(() => {
    if (panel.normalGuides) {
      for (const radius of NORMAL_RADII) {
        const angles = Array.from({ length: 121 }, (_, i) => (i * 2 * Math.PI) / 120);
        drawLine(axes, angles.map((a) => radius * Math.cos(a)), angles.map((a) => radius * Math.sin(a)), {
          color: THEME.neutral,
          width: 1.2,
          dash: [5, 4],
        });
      }
    }
    drawScatter(axes, column(panel.points, 0), column(panel.points, 1), { color: panel.color, radius: 1.5, alpha: 0.45 });
  });
}

function planar(points: Points): { xs: Float32Array; ys: Float32Array } {
  return { xs: column(points, 0), ys: column(points, 1) };
}

/** Mean Euclidean distance between matching rows: numerics §8's inverse error. */
function meanDistance(a: Points, b: Points): number {
  let total = 0;
  for (let i = 0; i < a.rows; i++) {
    let squared = 0;
    for (let j = 0; j < a.cols; j++) squared += (a.data[i * a.cols + j] - b.data[i * a.cols + j]) ** 2;
    total += Math.sqrt(squared);
  }
  return total / a.rows;
}
