import { byId } from './by-id';
import type { WorkerEvent } from './protocol';
import type { TrainingClient } from './training-client';
import { DensityHeatMap, type DensityScale } from './views/density-view';
import { formatNumber } from './views/format-number';
import { LossChart } from './views/loss-chart';
import { SamplesScatter } from './views/samples-view';
import { TrajectoryPlot } from './views/trajectory-view';

type Event<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

const HOVER_HINT = 'Hover over the map (or tap it) to read the exact log-density.';

/**
 * What the page shows of the worker's run: the density heat map (titled with the run's data, probed under the
 * pointer), the samples, the trajectories, the loss charts and the training figures. They follow the worker's events
 * in order, and look busy (dimmed) while the page waits for a newer run or for a new run's first views.
 */
export class RunViews {
  private readonly density: DensityHeatMap;
  private readonly samples: SamplesScatter;
  private readonly trajectories: TrajectoryPlot;
  private readonly charts: Record<'J' | 'L' | 'C' | 'R' | 'NLL', LossChart>;
  private readonly section = byId<HTMLElement>('views');
  private readonly readout = byId<HTMLElement>('hover-readout');
  private runData = '';
  private awaitingViews = false;
  private runPending = false;
  private chartsFrame: number | undefined;
  private hoverBusy = false;
  private hoverNext: [number, number] | null = null;

  constructor(
    private readonly client: TrainingClient,
    validateEvery: number,
  ) {
    this.density = new DensityHeatMap(byId('density-canvas'), {
      title: byId('colorbar-title'),
      bar: byId('colorbar-bar'),
      high: byId('colorbar-high'),
      low: byId('colorbar-low'),
    });
    this.samples = new SamplesScatter(byId('samples-canvas'));
    this.trajectories = new TrajectoryPlot(byId('trajectory-canvas'));
    this.charts = {
      J: new LossChart({ key: 'J', title: 'objective (train batch)', color: '#1d2330', smooth: true }),
      L: new LossChart({ key: 'L', title: 'transport cost', color: '#2c728e', smooth: true }),
      C: new LossChart({ key: 'C', title: 'negative log-likelihood (train batch)', color: '#7b3294', smooth: true }),
      R: new LossChart({ key: 'R', title: 'HJB penalty', color: '#c0392b', smooth: true }),
      NLL: new LossChart({
        key: 'NLL',
        title: `validation negative log-likelihood (every ${validateEvery} iterations)`,
        color: '#e67e22',
        smooth: false,
      }),
    };
    byId('loss-charts').append(...Object.values(this.charts).map((chart) => chart.element));
    this.bindControls();
  }

  /** Whether the page waits for the worker to answer a newer run request than the one on show. */
  setRunPending(pending: boolean): void {
    this.runPending = pending;
    this.renderBusy();
  }

  /** A run started: its data points and view box; the model's views follow. */
  showData(event: Event<'data'>): void {
    this.runData = event.label;
    this.awaitingViews = true;
    this.samples.setData(event.points, event.bounds);
    this.trajectories.setBounds(event.bounds);
    this.density.clearPins();
    this.density.setHovered(null);
    this.resetReadout();
    this.renderBusy();
  }

  showViews(event: Event<'views'>): void {
    this.awaitingViews = false;
    this.renderBusy();
    byId('density-data').textContent = `of ${this.runData}`;
    this.density.setDensity(event.density);
    this.samples.setSamples(event.samples);
    this.trajectories.setTrajectories(event.trajectories);
    byId('integral').textContent = formatNumber(event.density.integral, 4);
    document.body.dataset.viewsIteration = String(event.iteration);
  }

  showProgress(event: Event<'progress'>): void {
    const rate = byId('rate');
    if (event.reset) {
      for (const chart of Object.values(this.charts)) chart.clear();
      rate.textContent = '—';
    }
    for (const record of event.records) {
      this.charts.J.push(record.iteration, record.objective);
      this.charts.L.push(record.iteration, record.transportCost);
      this.charts.C.push(record.iteration, record.nll);
      this.charts.R.push(record.iteration, record.hjb);
    }
    for (const validation of event.validations) this.charts.NLL.push(validation.iteration, validation.nll);
    this.showIteration(event.iteration);
    if (event.trainingRate > 0) {
      rate.textContent = `${event.trainingRate.toFixed(1)}${event.wallRate > 0 && event.playing ? ` (${event.wallRate.toFixed(1)} with views)` : ''}`;
      rate.dataset.trainingRate = String(event.trainingRate);
      rate.dataset.wallRate = String(event.wallRate);
    }
    byId('current-lr').textContent = formatNumber(event.learningRate, 3);
    this.scheduleCharts();
  }

  /** No run: `note` (why, briefly) in every view, and no figures. */
  clear(note: string): void {
    this.awaitingViews = false;
    this.renderBusy();
    this.density.clear(note);
    this.samples.clear(note);
    this.trajectories.clear(note);
    this.resetReadout();
    byId('density-data').textContent = '';
    for (const chart of Object.values(this.charts)) chart.clear();
    this.scheduleCharts();
    this.showIteration(0);
    for (const id of ['rate', 'current-lr', 'integral']) byId(id).textContent = '—';
  }

  /** The time at which the trajectory view shows the particles. */
  setTime(time: number): void {
    this.trajectories.setTime(time);
  }

  render(): void {
    this.density.render();
    this.samples.render();
    this.trajectories.render();
    for (const chart of Object.values(this.charts)) chart.render();
  }

  private renderBusy(): void {
    this.section.setAttribute('aria-busy', String(this.runPending || this.awaitingViews));
  }

  private showIteration(value: number): void {
    const iteration = byId('iteration');
    iteration.textContent = String(value);
    iteration.dataset.iteration = String(value);
  }

  private scheduleCharts(): void {
    if (this.chartsFrame !== undefined) return;
    this.chartsFrame = requestAnimationFrame(() => {
      this.chartsFrame = undefined;
      for (const chart of Object.values(this.charts)) chart.render();
    });
  }

  private bindControls(): void {
    byId<HTMLSelectElement>('density-scale').addEventListener('change', (event) =>
      this.density.setScale((event.target as HTMLSelectElement).value as DensityScale),
    );
    byId<HTMLInputElement>('show-data').addEventListener('change', (event) =>
      this.samples.setVisible('data', (event.target as HTMLInputElement).checked),
    );
    byId<HTMLInputElement>('show-samples').addEventListener('change', (event) =>
      this.samples.setVisible('samples', (event.target as HTMLInputElement).checked),
    );
    const { frame } = this.density;
    frame.canvas.addEventListener('pointermove', (event) => this.onHover(frame.pointer(event)));
    frame.canvas.addEventListener('pointerleave', () => this.density.setHovered(null));
    frame.canvas.addEventListener('click', (event) => {
      const [px, py] = frame.pointer(event);
      if (!frame.contains(px, py)) return;
      const [x, y] = frame.toData(px, py);
      void this.client.logDensity(x, y).then((reply) => {
        this.density.pin({ x, y, logDensity: reply.logDensity });
        this.showReadout(x, y, reply.logDensity);
      });
    });
  }

  /** Asks for the exact log-density under the pointer; one request in flight, the latest position wins. */
  private onHover([px, py]: [number, number]): void {
    if (!this.density.frame.contains(px, py)) return;
    const point = this.density.frame.toData(px, py);
    if (this.hoverBusy) {
      this.hoverNext = point;
      return;
    }
    this.hoverBusy = true;
    void this.client.logDensity(...point).then((reply) => {
      this.density.setHovered({ x: reply.x, y: reply.y, logDensity: reply.logDensity });
      this.showReadout(reply.x, reply.y, reply.logDensity);
      this.hoverBusy = false;
      const next = this.hoverNext;
      this.hoverNext = null;
      if (next) this.onHover(this.density.frame.toPixel(...next));
    });
  }

  private showReadout(x: number, y: number, logDensity: number): void {
    this.readout.dataset.logDensity = String(logDensity);
    this.readout.textContent = Number.isFinite(logDensity)
      ? `log ρ(${x.toFixed(2)}, ${y.toFixed(2)}) = ${logDensity.toFixed(4)}   ·   ρ = ${formatNumber(Math.exp(logDensity), 4)}`
      : 'No model yet.';
  }

  private resetReadout(): void {
    delete this.readout.dataset.logDensity;
    this.readout.textContent = HOVER_HINT;
  }
}
