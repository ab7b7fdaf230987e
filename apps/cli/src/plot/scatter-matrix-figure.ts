import type { DataMatrix } from '@otflow/datasets';
import { Random } from '@otflow/random';
import type { Flow } from '@otflow/runtime';
import { Axes } from './axes';
import { robustRange } from './bounds';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from './figure';
import { drawHistogram, histogramDensity } from './histogram';
import { drawLegend, type LegendEntry } from './legend';
import { panelGrid } from './panel-grid';
import { column, sampleRows } from './point-matrix';
import { drawScatter } from './scatter';
import { subscripted } from './text';
import { THEME } from './theme';

export interface ScatterMatrixOptions {
  data?: DataMatrix;
  n: number;
  nt: number;
  seed: number;
  title: string;
  /** How many leading coordinates to show. Default min(d, 4). */
  coordinates?: number;
}

const PANEL = 190;
const GAP = 10;
const MARGIN = { left: 70, right: 20, bottom: 56 };
const BINS = 40;

/**
 * Pairwise projections of the first few coordinates for a flow of any dimension: generated samples over the data
 * in every off-diagonal panel (row i, column j plots coordinate j across, i up), marginal histograms on the diagonal.
 */
export async function renderScatterMatrix(flow: Flow, options: ScatterMatrixOptions): Promise<Figure> {
  const { n, nt, seed, data } = options;
  const k = options.coordinates ?? Math.min(flow.d, 4);
  const generated = await flow.sample(n, { nt, seed });
  const shown = data ? sampleRows(data, n, new Random(seed).fork('plotted data')) : null;
  const sampleColumns = Array.from({ length: k }, (_, j) => column(generated, j));
  const dataColumns = shown ? Array.from({ length: k }, (_, j) => column(shown, j)) : null;
  const ranges = sampleColumns.map((values, j) => robustRange(dataColumns ? [dataColumns[j], values] : [values]));

  const top = figureTitleHeight(true) + 34;
  const size = k * PANEL + (k - 1) * GAP;
  const figure = createFigure(MARGIN.left + size + MARGIN.right, top + size + MARGIN.bottom, options.title);
  const what = shown ? `${shown.rows} data points and ${n} samples` : `${n} samples`;
  drawFigureTitle(figure, `First ${k} of ${flow.d} coordinates · ${what} · nt = ${nt} · seed ${seed}`);
  const legend: LegendEntry[] = [
    ...(shown ? [{ label: 'data', color: THEME.primary, kind: 'marker' as const }] : []),
    { label: 'generated f⁻¹(y)', color: THEME.secondary, kind: 'marker' },
  ];
  drawLegend(figure.context, legend, MARGIN.left, figureTitleHeight(true) - 2, true);

  const cells = panelGrid({ x: MARGIN.left, y: top, width: size, height: size }, k, k, { x: GAP, y: GAP });
  for (let row = 0; row < k; row++) {
    for (let col = 0; col < k; col++) {
      const bottomRow = row === k - 1;
      const leftColumn = col === 0;
      const x = { domain: ranges[col], label: bottomRow ? subscripted('x', col + 1) : undefined, showTickLabels: bottomRow, tickTarget: 4 };
      if (row === col) {
        const sampleHeights = histogramDensity(sampleColumns[col], ranges[col][0], ranges[col][1], BINS);
        const dataHeights = dataColumns ? histogramDensity(dataColumns[col], ranges[col][0], ranges[col][1], BINS) : new Float64Array();
        const peak = Math.max(...sampleHeights, ...dataHeights);
        const axes = new Axes(figure.context, cells[row][col], {
          x,
          y: { domain: [0, peak * 1.08 || 1], label: leftColumn ? subscripted('x', row + 1) : undefined, showTickLabels: false },
          grid: false,
        });
        axes.render(() => {
          if (dataColumns) drawHistogram(axes, dataHeights, ranges[col][0], ranges[col][1], { color: THEME.primary, fillAlpha: 0.25 });
          drawHistogram(axes, sampleHeights, ranges[col][0], ranges[col][1], { color: THEME.secondary, lineWidth: 1.6 });
        });
        continue;
      }
      const axes = new Axes(figure.context, cells[row][col], {
        x,
        y: { domain: ranges[row], label: leftColumn ? subscripted('x', row + 1) : undefined, showTickLabels: leftColumn, tickTarget: 4 },
      });
      axes.render(() => {
        if (dataColumns) drawScatter(axes, dataColumns[col], dataColumns[row], { color: THEME.primary, radius: 1.1, alpha: 0.3 });
        drawScatter(axes, sampleColumns[col], sampleColumns[row], { color: THEME.secondary, radius: 1.1, alpha: 0.3 });
      });
    }
  }
  return figure;
}
