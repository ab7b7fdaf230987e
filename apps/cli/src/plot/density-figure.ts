import type { DataMatrix } from '@otflow/datasets';
import { densityGrid, type Bounds2D } from '@otflow/metrics';
import type { Flow } from '@otflow/runtime';
import { AXES_MARGINS, Axes } from './axes';
import { squareBounds } from './bounds';
import { COLORBAR_LABEL_ROOM, drawColorbar } from './colorbar';
import { viridis } from './colormap';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from './figure';
import { drawHeatMap } from './heat-map';
import { column } from './point-matrix';
import { subscripted } from './text';

export interface DensityFigureOptions {
  /** Sets the box (its robust extent); without data the box comes from generated samples. */
  data?: DataMatrix;
  /** Points that set the box when there is no data. */
  n: number;
  nt: number;
  seed: number;
  /** Grid cells per axis. */
  resolution: number;
  title: string;
}

const PANEL = 480;
const COLORBAR = { gap: 18, width: 18 };

/**
 * The density ρ(x) = exp(log ρ(x)) of a 2-D flow as a viridis heat map over a square box around the data (or the
 * samples), with a colorbar; the subtitle gives ∫ρ over the box by the midpoint rule (numerics §8: ≈ 1 when the box
 * holds the mass).
 */
export async function renderDensityFigure(flow: Flow, options: DensityFigureOptions): Promise<Figure> {
  const { nt, resolution } = options;
  const bounds = await densityBounds(flow, options);
  const grid = await densityGrid((points) => flow.logProb(points, { nt }), { bounds, resolution });
  let peak = 0;
  for (const value of grid.values) peak = Math.max(peak, value);

  const top = figureTitleHeight(true);
  const plotArea = { x: AXES_MARGINS.left + 6, y: top + AXES_MARGINS.top, width: PANEL, height: PANEL };
  const width = plotArea.x + PANEL + COLORBAR.gap + COLORBAR.width + COLORBAR_LABEL_ROOM;
  const figure = createFigure(width, plotArea.y + PANEL + AXES_MARGINS.bottom, options.title);
  drawFigureTitle(figure, `∫ρ over the box ≈ ${grid.integral.toFixed(3)} (${resolution}² cells) · nt = ${nt}`);
  const axes = new Axes(figure.context, plotArea, {
    title: 'Density ρ(x) = exp(log ρ(x))',
    x: { domain: bounds[0], label: subscripted('x', 1) },
    y: { domain: bounds[1], label: subscripted('x', 2) },
    grid: false,
  });
  const max = peak > 0 ? peak : 1;
  axes.render(() => drawHeatMap(axes, { values: grid.values, columns: resolution, rows: resolution }, { colormap: viridis, min: 0, max }));
  drawColorbar(
    figure.context,
    { x: plotArea.x + PANEL + COLORBAR.gap, y: plotArea.y, width: COLORBAR.width, height: PANEL },
    { colormap: viridis, min: 0, max, label: 'ρ(x)' },
  );
  return figure;
}

/** A square box around the data, or around samples of the flow when there is no data, with room for the tails. */
async function densityBounds(flow: Flow, options: DensityFigureOptions): Promise<Bounds2D> {
  const points = options.data ?? (await flow.sample(options.n, { nt: options.nt, seed: options.seed }));
  return squareBounds([{ xs: column(points, 0), ys: column(points, 1) }], { trim: 0.001, padding: 0.12 });
}
