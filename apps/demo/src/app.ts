import { parseCsvPoints } from './data/csv-points';
import { summarizeModelFile } from './model-summary';
import type { DataSpec, TrainingConfig, WorkerEvent } from './protocol';
import { checkSetting, settingsForData, SETTING_LIMITS, isDataChoice, type DemoSettings, type NumericSetting, type Stroke } from './settings';
import { TrainingClient } from './training-client';
import { decodeSettings, encodeSettings } from './url-state';
import { DensityHeatMap, type DensityScale } from './views/density-view';
import { DrawPad } from './views/draw-pad';
import { formatNumber } from './views/format-number';
import { LossChart } from './views/loss-chart';
import { SamplesScatter } from './views/samples-view';
import { TrajectoryPlot } from './views/trajectory-view';

/** Form fields bound to numeric settings (the trajectory time has its own slider). */
const FORM_SETTINGS: NumericSetting[] = ['m', 'nTh', 'nt', 'alphaC', 'alphaR', 'learningRate', 'batchSize', 'seed'];
const URL_WRITE_DELAY_MS = 250;
const ANIMATION_SECONDS = 3;
/** Information messages disappear after this long; errors stay until pushed out by newer messages. */
const INFO_LIFETIME_MS = 12_000;
const HOVER_HINT = 'Hover over the map to read the exact log-density.';
/** Data used when a model file is opened before any data is ready (a drawing not yet drawn, a CSV not uploaded). */
const FALLBACK_DATA: DataSpec = { kind: 'toy', name: '8gaussians' };

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no element #${id}.`);
  return found as T;
}

/** The page: settings ⇄ URL ⇄ form, the training worker, and the views it feeds. */
export class DemoApp {
  private settings: DemoSettings;
  private csv: { label: string; data: Float32Array; rows: number } | null = null;
  private readonly client: TrainingClient;
  private playing = false;
  private urlTimer: number | undefined;
  private animationFrame: number | undefined;
  private chartsFrame: number | undefined;
  private hoverBusy = false;
  private hoverNext: [number, number] | null = null;

  private readonly density: DensityHeatMap;
  private readonly samples: SamplesScatter;
  private readonly trajectories: TrajectoryPlot;
  private readonly drawPad: DrawPad;
  private readonly charts: Record<'J' | 'L' | 'C' | 'R' | 'NLL', LossChart>;

  private readonly form = byId<HTMLFormElement>('settings-form');
  private readonly dataSelect = byId<HTMLSelectElement>('data-select');
  private readonly playButton = byId<HTMLButtonElement>('play');
  private readonly timeSlider = byId<HTMLInputElement>('time-slider');
  private readonly readout = byId<HTMLElement>('hover-readout');
  private readonly messages = byId<HTMLElement>('messages');

  constructor() {
    const { settings, problems } = decodeSettings(location.search);
    this.settings = settings;
    this.density = new DensityHeatMap(byId('density-canvas'), {
      title: byId('colorbar-title'),
      bar: byId('colorbar-bar'),
      high: byId('colorbar-high'),
      low: byId('colorbar-low'),
    });
    this.samples = new SamplesScatter(byId('samples-canvas'));
    this.trajectories = new TrajectoryPlot(byId('trajectory-canvas'));
    this.drawPad = new DrawPad(byId('draw-pad'), (strokes) => this.onDrawing(strokes));
    this.charts = {
      J: new LossChart({ key: 'J', title: 'objective (train batch)', color: '#1d2330', smooth: true }),
      L: new LossChart({ key: 'L', title: 'transport cost', color: '#2c728e', smooth: true }),
      C: new LossChart({ key: 'C', title: 'negative log-likelihood (train batch)', color: '#7b3294', smooth: true }),
      R: new LossChart({ key: 'R', title: 'HJB penalty', color: '#c0392b', smooth: true }),
      NLL: new LossChart({ key: 'NLL', title: 'validation negative log-likelihood', color: '#e67e22', smooth: false }),
    };
    byId('loss-charts').append(...Object.values(this.charts).map((chart) => chart.element));
    for (const problem of problems) this.message(problem, 'error');

    this.client = new TrainingClient((event) => this.onWorkerEvent(event));
    this.bindControls();
    this.renderControls();
    this.renderAll();
    this.writeUrlNow();
    new ResizeObserver(() => this.renderAll()).observe(document.querySelector('.views') as HTMLElement);
  }

  // ---- worker events -------------------------------------------------------------------------------------------

  private onWorkerEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'ready': {
        const { report } = event;
        const threadCount = report.multithreaded ? report.threads : 1;
        const threads = `${threadCount} thread${threadCount === 1 ? '' : 's'}${report.multithreaded ? ' (threaded build)' : ''}`;
        const isolation = report.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
        const status = byId('backend-status');
        status.textContent = `tfjs ${report.backend}${report.simd ? ' · SIMD' : ''} · ${threads} · ${isolation}`;
        status.dataset.state = 'ready';
        status.dataset.threads = String(threadCount);
        status.dataset.multithreaded = String(report.multithreaded);
        for (const id of ['play', 'step', 'reset', 'load-pretrained']) byId<HTMLButtonElement>(id).disabled = false;
        this.start();
        break;
      }
      case 'data':
        byId('data-label').textContent = `Training on ${event.label}${event.standardized ? ', standardized' : ''}.`;
        this.samples.setData(event.points, event.bounds);
        this.trajectories.setBounds(event.bounds);
        this.density.clearPins();
        this.density.setHovered(null);
        delete this.readout.dataset.logDensity;
        this.readout.textContent = HOVER_HINT;
        break;
      case 'progress':
        this.onProgress(event);
        break;
      case 'views':
        this.density.setDensity(event.density);
        this.samples.setSamples(event.samples);
        this.trajectories.setTrajectories(event.trajectories);
        byId('integral').textContent = formatNumber(event.density.integral, 4);
        byId<HTMLButtonElement>('download').disabled = false;
        document.body.dataset.viewsIteration = String(event.iteration);
        break;
      case 'model-loaded':
        this.settings = {
          ...this.settings,
          m: event.m,
          nTh: event.nTh,
          data: event.dataset ?? this.settings.data,
        };
        this.renderControls();
        this.writeUrl();
        this.message(`Loaded ${event.label}: m = ${event.m}, nTh = ${event.nTh}. Press Play to train it further.`);
        break;
      case 'notice':
        this.message(event.message);
        break;
      case 'error':
        this.message(event.message, 'error');
        // Rejected input is the user's to fix; anything else is a fault worth a console entry.
        if (event.kind === 'internal') console.error(`otflow demo: ${event.message}`);
        break;
      case 'log-density':
      case 'model-file':
        break;
    }
  }

  private onProgress(event: Extract<WorkerEvent, { type: 'progress' }>): void {
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
    const iteration = byId('iteration');
    iteration.textContent = String(event.iteration);
    iteration.dataset.iteration = String(event.iteration);
    if (event.trainingRate > 0) {
      rate.textContent = `${event.trainingRate.toFixed(1)}${event.wallRate > 0 && event.playing ? ` (${event.wallRate.toFixed(1)} with views)` : ''}`;
      rate.dataset.trainingRate = String(event.trainingRate);
      rate.dataset.wallRate = String(event.wallRate);
    }
    byId('current-lr').textContent = formatNumber(event.learningRate, 3);
    this.setPlaying(event.playing);
    this.scheduleCharts();
  }

  // ---- starting runs -------------------------------------------------------------------------------------------

  private start(): void {
    if (this.settings.model !== null) void this.loadShippedModel(this.settings.model);
    else this.configure();
  }

  private dataSpec(): DataSpec | null {
    const { data, strokes } = this.settings;
    if (data === 'drawn') return strokes.length > 0 ? { kind: 'drawn', strokes } : null;
    if (data === 'csv') return this.csv ? { kind: 'points', ...this.csv } : null;
    return { kind: 'toy', name: data };
  }

  private trainingConfig(data: DataSpec): TrainingConfig {
    const { m, nTh, nt, alphaC, alphaR, learningRate, batchSize, seed } = this.settings;
    return { data, m, nTh, nt, alphaC, alphaR, learningRate, batchSize, seed };
  }

  /** A fresh model on the current data, or a prompt for data when there is none yet. */
  private configure(): void {
    const data = this.dataSpec();
    if (!data) {
      this.client.send({ type: 'pause' });
      this.message(
        this.settings.data === 'drawn'
          ? 'Draw on the pad: training starts when you lift the pen.'
          : 'Choose a CSV file to train on (uploaded files are not part of links).',
      );
      return;
    }
    this.client.send({ type: 'configure', config: this.trainingConfig(data) });
  }

  private async loadShippedModel(name: string): Promise<void> {
    const url = new URL(`models/${name}.json`, document.baseURI);
    let text: string;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      this.message(`There is no shipped model "${name}" (${(error as Error).message}); starting from a fresh model.`, 'error');
      this.settings.model = null;
      this.writeUrl();
      this.configure();
      return;
    }
    this.sendModel(text, `the pretrained ${name} model`);
  }

  /**
   * Loads a model file in the worker. A model of another toy density switches the data to it with that density's
   * numerics §7 settings first, so that Play goes on training it the way it was trained.
   */
  private sendModel(text: string, label: string): void {
    const { dataset } = summarizeModelFile(text);
    if (dataset !== null && dataset !== this.settings.data) {
      this.settings = { ...settingsForData(dataset, this.settings), model: this.settings.model };
      this.renderControls();
      this.writeUrl();
    }
    const config = this.trainingConfig(this.dataSpec() ?? FALLBACK_DATA);
    this.client.send({ type: 'load-model', text, label, config });
  }

  // ---- controls ------------------------------------------------------------------------------------------------

  private bindControls(): void {
    this.form.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      const name = input.name as NumericSetting;
      if (!FORM_SETTINGS.includes(name)) return;
      const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
      const problem = checkSetting(name, value);
      input.setAttribute('aria-invalid', String(problem !== null));
      if (problem) {
        this.message(problem, 'error');
        return;
      }
      this.settings = { ...this.settings, [name]: value, model: null };
      this.writeUrl();
      this.configure();
    });
    this.form.addEventListener('submit', (event) => event.preventDefault());

    this.dataSelect.addEventListener('change', () => {
      const choice = this.dataSelect.value;
      if (!isDataChoice(choice)) return;
      this.settings = settingsForData(choice, this.settings);
      this.renderControls();
      this.writeUrl();
      this.configure();
    });

    this.playButton.addEventListener('click', () => {
      this.client.send({ type: this.playing ? 'pause' : 'play' });
      this.setPlaying(!this.playing);
    });
    byId('step').addEventListener('click', () => this.client.send({ type: 'step' }));
    byId('reset').addEventListener('click', () => {
      this.settings.model = null;
      this.writeUrl();
      this.configure();
    });

    byId('draw-undo').addEventListener('click', () => this.drawPad.undo());
    byId('draw-clear').addEventListener('click', () => this.drawPad.clear());
    byId<HTMLInputElement>('csv-file').addEventListener('change', (event) => void this.onCsvFile(event.target as HTMLInputElement));

    byId('load-pretrained').addEventListener('click', () => {
      this.settings.model = byId<HTMLSelectElement>('pretrained').value;
      this.writeUrl();
      void this.loadShippedModel(this.settings.model);
    });
    byId<HTMLInputElement>('model-file').addEventListener('change', (event) => void this.onModelFile(event.target as HTMLInputElement));
    byId('download').addEventListener('click', () => void this.download());

    byId<HTMLSelectElement>('density-scale').addEventListener('change', (event) =>
      this.density.setScale((event.target as HTMLSelectElement).value as DensityScale),
    );
    byId<HTMLInputElement>('show-data').addEventListener('change', (event) =>
      this.samples.setVisible('data', (event.target as HTMLInputElement).checked),
    );
    byId<HTMLInputElement>('show-samples').addEventListener('change', (event) =>
      this.samples.setVisible('samples', (event.target as HTMLInputElement).checked),
    );
    this.timeSlider.addEventListener('input', () => {
      this.stopAnimation();
      this.setTime(Number(this.timeSlider.value));
      this.writeUrl();
    });
    byId('animate').addEventListener('click', () => (this.animationFrame === undefined ? this.startAnimation() : this.stopAnimation()));

    const densityCanvas = this.density.frame.canvas;
    densityCanvas.addEventListener('pointermove', (event) => this.onHover(this.density.frame.pointer(event)));
    densityCanvas.addEventListener('pointerleave', () => this.density.setHovered(null));
    densityCanvas.addEventListener('click', (event) => {
      const [px, py] = this.density.frame.pointer(event);
      if (!this.density.frame.contains(px, py)) return;
      const [x, y] = this.density.frame.toData(px, py);
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

  private onDrawing(strokes: Stroke[]): void {
    this.settings = { ...this.settings, strokes, model: null };
    this.writeUrl();
    this.configure();
    if (strokes.length > 0) this.client.send({ type: 'play' });
  }

  private async onCsvFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const points = parseCsvPoints(await file.text(), file.name);
      this.csv = { label: file.name, data: points.data, rows: points.rows };
      const columns = points.columnNames ? ` (columns ${points.columnNames.join(', ')})` : '';
      this.message(`Read ${points.rows} points from ${file.name}${columns}.`);
    } catch (error) {
      this.message((error as Error).message, 'error');
      return;
    }
    if (this.settings.data !== 'csv') this.settings = settingsForData('csv', this.settings);
    this.renderControls();
    this.writeUrl();
    this.configure();
  }

  private async onModelFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.settings.model = null;
    this.writeUrl();
    this.sendModel(await file.text(), file.name);
  }

  private async download(): Promise<void> {
    const { text, fileName } = await this.client.exportModel();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- rendering -----------------------------------------------------------------------------------------------

  private renderControls(): void {
    this.dataSelect.value = this.settings.data;
    for (const name of FORM_SETTINGS) {
      const input = this.form.elements.namedItem(name) as HTMLInputElement;
      input.value = String(this.settings[name]);
      input.setAttribute('aria-invalid', 'false');
      const { min, max } = SETTING_LIMITS[name];
      input.min = String(min);
      input.max = String(max);
    }
    byId('draw-panel').hidden = this.settings.data !== 'drawn';
    byId('csv-panel').hidden = this.settings.data !== 'csv';
    if (this.settings.data === 'drawn') this.drawPad.setStrokes(this.settings.strokes);
    const pretrained = byId<HTMLSelectElement>('pretrained');
    if (this.settings.model !== null && Array.from(pretrained.options).some((o) => o.value === this.settings.model)) {
      pretrained.value = this.settings.model;
    }
    this.setTime(this.settings.time);
  }

  private renderAll(): void {
    this.density.render();
    this.samples.render();
    this.trajectories.render();
    this.drawPad.render();
    for (const chart of Object.values(this.charts)) chart.render();
  }

  private scheduleCharts(): void {
    if (this.chartsFrame !== undefined) return;
    this.chartsFrame = requestAnimationFrame(() => {
      this.chartsFrame = undefined;
      for (const chart of Object.values(this.charts)) chart.render();
    });
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    this.playButton.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.playButton.dataset.playing = String(playing);
  }

  private setTime(time: number): void {
    this.settings.time = time;
    this.timeSlider.value = String(time);
    byId('time-value').textContent = `t = ${time.toFixed(2)}`;
    this.trajectories.setTime(time);
  }

  private startAnimation(): void {
    byId('animate').setAttribute('aria-pressed', 'true');
    let last = performance.now();
    const frame = (now: number) => {
      const next = this.settings.time + (now - last) / (1000 * ANIMATION_SECONDS);
      last = now;
      this.setTime(next > 1 ? 0 : Math.round(next * 1000) / 1000);
      this.animationFrame = requestAnimationFrame(frame);
    };
    this.animationFrame = requestAnimationFrame(frame);
  }

  private stopAnimation(): void {
    if (this.animationFrame === undefined) return;
    cancelAnimationFrame(this.animationFrame);
    this.animationFrame = undefined;
    byId('animate').setAttribute('aria-pressed', 'false');
    this.writeUrl();
  }

  private message(text: string, kind: 'info' | 'error' = 'info'): void {
    const item = document.createElement('div');
    item.className = 'message';
    item.dataset.kind = kind;
    item.textContent = text;
    this.messages.prepend(item);
    if (kind === 'info') setTimeout(() => item.remove(), INFO_LIFETIME_MS);
    while (this.messages.children.length > 4) this.messages.lastElementChild?.remove();
  }

  /** Writes the settings into the URL, batched: browsers throttle rapid history updates. */
  private writeUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => this.writeUrlNow(), URL_WRITE_DELAY_MS);
  }

  private writeUrlNow(): void {
    const query = encodeSettings(this.settings);
    if (location.search !== `?${query}`) history.replaceState(null, '', `?${query}`);
    document.body.dataset.urlState = query;
  }
}
