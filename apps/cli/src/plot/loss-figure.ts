import type { IterationRecord, ValidationRecord } from '@otflow/train';
import { AXES_MARGINS, Axes } from './axes';
import { createFigure, drawFigureTitle, figureTitleHeight, type Figure } from './figure';
import { drawLegend, legendSize, type LegendEntry } from './legend';
import { drawLine } from './line';
import { panelGrid, inset } from './panel-grid';
import { paddedDomain, prefersLogScale } from './scale';
import { drawScatter } from './scatter';
import { drawText } from './text';
import { THEME } from './theme';

/** What `otflow train` writes to history.json, and what a checkpoint holds under `history`. */
export interface TrainingHistory {
  iterations: readonly IterationRecord[];
  validations: readonly ValidationRecord[];
}

type CostName = 'objective' | 'transportCost' | 'nll' | 'hjb';

interface CostPanel {
  title: string;
  cost: CostName;
}

const COST_PANELS: readonly CostPanel[] = [
  { title: 'J: objective', cost: 'objective' },
  { title: 'L: transport cost', cost: 'transportCost' },
  { title: 'C: negative log-likelihood (nats)', cost: 'nll' },
  { title: 'R: HJB residual', cost: 'hjb' },
];
const CELL = { width: 400, height: 300 };
const GAP = 8;

/**
 * Training curves in a 2 × 3 grid: J, L, C and R per iteration (each with its moving average and the validation
 * values), the validation NLL with its best point marked, and the learning rate. Positive series spanning more
 * than 30× use a log y axis.
 */
export function renderLossFigure(history: TrainingHistory, title: string): Figure {
  const { iterations, validations } = history;
  const top = figureTitleHeight(true) + 30;
  const figure = createFigure(3 * CELL.width + 2 * GAP + 2 * GAP, top + 2 * CELL.height, title);
  const last = iterations[iterations.length - 1];
  const best = bestValidation(validations);
  const bestText = best ? ` · best validation NLL ${best.nll.toFixed(3)} at iteration ${best.iteration}` : '';
  drawFigureTitle(figure, `${iterations.length} iterations (last: ${last.iteration}) · ${validations.length} validations${bestText}`);
  const smoothing = smoothingWindow(iterations.length);
  const legend: LegendEntry[] = [
    ...(smoothing > 1
      ? [
          { label: 'training batch', color: THEME.primary, kind: 'line' as const, alpha: 0.35 },
          { label: `moving average (${smoothing} iterations)`, color: THEME.primary, kind: 'line' as const },
        ]
      : [{ label: 'training batch', color: THEME.primary, kind: 'line' as const }]),
    { label: 'validation', color: THEME.secondary, kind: 'marker' },
  ];
  drawLegend(figure.context, legend, (figure.width - legendSize(figure.context, legend, true).width) / 2, figureTitleHeight(true) - 4, true);

  const cells = panelGrid({ x: GAP, y: top, width: figure.width - 2 * GAP, height: 2 * CELL.height }, 2, 3, { x: GAP, y: 0 });
  const steps = iterations.map((record) => record.iteration);
  const validationSteps = validations.map((record) => record.iteration);
  COST_PANELS.forEach((panel, index) => {
    const values = iterations.map((record) => record[panel.cost]);
    const validationValues = validations.map((record) => record[panel.cost]);
    const axes = seriesAxes(figure, cells[Math.floor(index / 3)][index % 3], panel.title, steps, [...values, ...validationValues]);
    axes.render(() => {
      if (smoothing > 1) {
        drawLine(axes, steps, values, { color: THEME.primary, width: 1, alpha: 0.35 });
        drawLine(axes, steps, movingAverage(values, smoothing), { color: THEME.primary, width: 1.8 });
      } else {
        drawLine(axes, steps, values, { color: THEME.primary, width: 1.8 });
      }
      drawValidation(axes, validationSteps, validationValues);
    });
  });

  const nllAxes = seriesAxes(figure, cells[1][1], 'Validation NLL (nats)', validationSteps.length > 0 ? validationSteps : steps, validations.map((r) => r.nll));
  nllAxes.render(() => {
    drawValidation(nllAxes, validationSteps, validations.map((record) => record.nll));
    if (best) drawScatter(nllAxes, [best.iteration], [best.nll], { color: THEME.text, radius: 5, alpha: 1, outline: true });
  });
  if (validations.length === 0) {
    drawText(figure.context, 'no validation records', nllAxes.area.x + nllAxes.area.width / 2, nllAxes.area.y + nllAxes.area.height / 2, {
      size: THEME.fontSize.axisLabel,
      color: THEME.mutedText,
      align: 'center',
      baseline: 'middle',
    });
  }

  const rates = iterations.map((record) => record.learningRate);
  const rateAxes = seriesAxes(figure, cells[1][2], 'Learning rate', steps, rates, prefersLogScale(rates, 3));
  rateAxes.render(() => drawLine(rateAxes, steps, rates, { color: THEME.primary, width: 1.8 }));
  return figure;
}

/** Axes for a series over iterations; log y when the values span orders of magnitude (or when `log` says so). */
function seriesAxes(figure: Figure, cell: Parameters<typeof inset>[0], title: string, steps: readonly number[], values: readonly number[], log = prefersLogScale(values)): Axes {
  const kind = log ? 'log' : 'linear';
  return new Axes(figure.context, inset(cell, { ...AXES_MARGINS, bottom: AXES_MARGINS.bottom + 4 }), {
    title,
    x: { domain: paddedDomain(steps, 'linear', 0.02), label: 'iteration', integerTicks: true },
    y: { domain: paddedDomain(values, kind), kind },
  });
}

function drawValidation(axes: Axes, steps: readonly number[], values: readonly number[]): void {
  drawLine(axes, steps, values, { color: THEME.secondary, width: 1.4 });
  drawScatter(axes, steps, values, { color: THEME.secondary, radius: 3, alpha: 1, outline: true });
}

/** The validation with the lowest NLL (numerics §5 reports NLL; ties keep the earliest). */
function bestValidation(validations: readonly ValidationRecord[]): ValidationRecord | null {
  let best: ValidationRecord | null = null;
  for (const record of validations) if (Number.isFinite(record.nll) && (best === null || record.nll < best.nll)) best = record;
  return best;
}

/** About 1/50 of the run, odd so that the average is centred; 1 (no smoothing) for short runs. */
function smoothingWindow(count: number): number {
  const window = Math.max(1, Math.round(count / 50));
  return window % 2 === 0 ? window + 1 : window;
}

/** Centred moving average over `window` values, shrinking at the ends; non-finite values are left out. */
function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    let sum = 0;
    let count = 0;
    for (let k = Math.max(0, i - half); k <= Math.min(values.length - 1, i + half); k++) {
      if (!Number.isFinite(values[k])) continue;
      sum += values[k];
      count += 1;
    }
    return count > 0 ? sum / count : Number.NaN;
  });
}
