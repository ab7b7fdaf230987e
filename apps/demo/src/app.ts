import { byId } from './by-id';
import { parseCsvPoints } from './data/csv-points';
import { summarizeModelFile } from './model-summary';
import type { DataSpec, TrainingConfig, WorkerEvent } from './protocol';
import { RunRequests, type RunRequestKind } from './run-requests';
import { RunViews } from './run-views';
import {
  checkSetting,
  isDataChoice,
  presetFor,
  settingsForData,
  SETTING_LIMITS,
  type DataChoice,
  type DemoSettings,
  type NumericSetting,
  type Stroke,
} from './settings';
import { TrainingClient } from './training-client';
import { decodeSettings, encodeSettings } from './url-state';
import { showBackend } from './views/backend-chip';
import { DrawPad } from './views/draw-pad';
import { MessageList } from './views/message-list';

/** Form fields bound to numeric settings (the trajectory time has its own slider). */
const FORM_SETTINGS: NumericSetting[] = ['m', 'nTh', 'nt', 'alphaC', 'alphaR', 'learningRate', 'batchSize', 'seed'];
const URL_WRITE_DELAY_MS = 250;
const ANIMATION_SECONDS = 3;
/** The key of the message that Play or Step had nothing to train; it goes with the next change of run. */
const NOTHING_TO_TRAIN = 'nothing-to-train';
/**
 * The data a model file that names no toy density is shown over when the page has none of its own (an empty pad,
 * no CSV file yet); the data choice switches to it.
 */
const FALLBACK_DATA: DataChoice = '8gaussians';

/** The page: settings ⇄ URL ⇄ form, the training worker, and the views it feeds. */
export class DemoApp {
  private settings: DemoSettings;
  private csv: { label: string; data: Float32Array; rows: number } | null = null;
  private readonly client: TrainingClient;
  private playing = false;
  private urlTimer: number | undefined;
  private animationFrame: number | undefined;
  private readonly runs = new RunRequests();
  /** Whether the worker has a run (the views show a model), and what it trains on, in a sentence. */
  private hasRun = false;
  private runSentence = '';

  private readonly views: RunViews;
  private readonly drawPad: DrawPad;

  private readonly form = byId<HTMLFormElement>('settings-form');
  private readonly dataSelect = byId<HTMLSelectElement>('data-select');
  private readonly playButton = byId<HTMLButtonElement>('play');
  private readonly timeSlider = byId<HTMLInputElement>('time-slider');
  private readonly dataLabel = byId<HTMLElement>('data-label');
  private readonly messages = new MessageList(byId('messages'));

  constructor() {
    const { settings, problems } = decodeSettings(location.search);
    this.settings = settings;
    this.client = new TrainingClient((event) => this.onWorkerEvent(event));
    this.views = new RunViews(this.client, presetFor(this.settings.data).validateEvery);
    this.drawPad = new DrawPad(byId('draw-pad'), (strokes) => this.onDrawing(strokes));
    for (const problem of problems) this.messages.show(problem, 'error');

    this.bindControls();
    this.renderControls();
    this.writeUrlNow();
    new ResizeObserver(() => {
      this.views.render();
      this.drawPad.render();
    }).observe(byId('views'));
  }

  // ---- worker events -------------------------------------------------------------------------------------------

  private onWorkerEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'ready': {
        showBackend(byId('backend-status'), event.report);
        for (const id of ['play', 'step', 'reset', 'load-pretrained']) byId<HTMLButtonElement>(id).disabled = false;
        this.start();
        break;
      }
      case 'data':
        this.hasRun = true;
        this.runSentence = `Training on ${event.label}${event.standardized ? ', standardized' : ''}.`;
        if (this.runs.answer(event.run)) this.dataLabel.textContent = this.runSentence;
        this.views.setRunPending(this.runs.pending);
        this.views.showData(event);
        break;
      case 'unloaded':
        this.onUnloaded(event.run);
        break;
      case 'progress':
        this.views.showProgress(event);
        this.setPlaying(event.playing);
        break;
      case 'views':
        this.views.showViews(event);
        byId<HTMLButtonElement>('download').disabled = false;
        break;
      case 'model-loaded': {
        // What the request chose takes effect now that the model is in: its data and that data's settings, m, nTh.
        const request = this.runs.latest;
        if (request?.id !== event.run) break;
        const { data, nt, alphaC, alphaR, learningRate, model } = request.settings;
        this.settings = { ...this.settings, data, nt, alphaC, alphaR, learningRate, model, m: event.m, nTh: event.nTh };
        this.renderControls();
        this.writeUrl();
        this.messages.show(`Loaded ${event.label}: m = ${event.m}, nTh = ${event.nTh}. Press Play to train it further.`);
        break;
      }
      case 'notice':
        this.messages.show(event.message);
        break;
      case 'error':
        this.messages.show(event.message, 'error');
        // Rejected input is the user's to fix; anything else is a fault worth a console entry.
        if (event.kind === 'internal') console.error(`otflow demo: ${event.message}`);
        else this.onRunRejected(event.run);
        break;
      case 'log-density':
      case 'model-file':
        break;
    }
  }

  // ---- starting runs -------------------------------------------------------------------------------------------

  private start(): void {
    if (this.settings.model !== null) void this.loadShippedModel(this.settings.model);
    else this.configure();
  }

  private dataSpec(settings: DemoSettings = this.settings): DataSpec | null {
    const { data, strokes } = settings;
    if (data === 'drawn') return strokes.length > 0 ? { kind: 'drawn', strokes } : null;
    if (data === 'csv') return this.csv ? { kind: 'points', ...this.csv } : null;
    return { kind: 'toy', name: data };
  }

  private trainingConfig(data: DataSpec, settings: DemoSettings = this.settings): TrainingConfig {
    const { m, nTh, nt, alphaC, alphaR, learningRate, batchSize, seed } = settings;
    return { data, m, nTh, nt, alphaC, alphaR, learningRate, batchSize, seed };
  }

  /** A fresh model on the current data; without data (an empty pad, no CSV file) no model at all. */
  private configure(): void {
    const data = this.dataSpec();
    if (!data) {
      this.unload();
      return;
    }
    const run = this.nextRun('configure', this.settings, `Starting on ${this.describeData(data)}…`);
    this.client.send({ type: 'configure', run, config: this.trainingConfig(data) });
  }

  /** Drops the worker's run: the views show nothing rather than a model of other data. */
  private unload(): void {
    const run = this.nextRun('unload', this.settings, this.missingData().sentence);
    this.client.send({ type: 'unload', run });
  }

  /** Numbers a run request; until the worker answers it, the data label says `label` and the views look busy. */
  private nextRun(kind: RunRequestKind, settings: DemoSettings, label: string): number {
    const run = this.runs.next(kind, settings);
    this.messages.dismiss(NOTHING_TO_TRAIN);
    this.dataLabel.textContent = label;
    this.views.setRunPending(true);
    return run;
  }

  private async loadShippedModel(name: string): Promise<void> {
    const url = new URL(`models/${name}.json`, document.baseURI);
    let text: string;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      this.messages.show(`There is no shipped model "${name}" (${(error as Error).message}); starting from a fresh model.`, 'error');
      this.settings.model = null;
      this.writeUrl();
      this.configure();
      return;
    }
    this.sendModel(text, `the pretrained ${name} model`, name);
  }

  /**
   * Loads a model file in the worker. A model of another toy density switches the data to it with that density's
   * numerics §7 settings, so that Play goes on training it the way it was trained; a model of other data is shown
   * over the current data, or over FALLBACK_DATA when there is none. The settings change once the model is in.
   */
  private sendModel(text: string, label: string, model: string | null): void {
    const { dataset } = summarizeModelFile(text);
    let settings: DemoSettings = { ...this.settings, model };
    if (dataset !== null && dataset !== settings.data) settings = { ...settingsForData(dataset, settings), model };
    if (this.dataSpec(settings) === null) settings = { ...settingsForData(FALLBACK_DATA, settings), model };
    const config = this.trainingConfig(this.dataSpec(settings) as DataSpec, settings);
    const run = this.nextRun('load-model', settings, `Loading ${label}…`);
    this.client.send({ type: 'load-model', run, text, label, config });
  }

  /** The worker rejected the latest run request (its error is shown): make the page agree with what it kept. */
  private onRunRejected(run: number): void {
    const request = this.runs.answer(run);
    if (request?.kind === 'load-model') {
      // The previous run goes on; at start-up there is none, so a fresh model takes the file's place.
      if (this.hasRun) this.dataLabel.textContent = this.runSentence;
      else {
        this.settings.model = null;
        this.writeUrl();
        this.configure();
      }
    } else if (request?.kind === 'configure') {
      // The data (or settings) could not be trained on: no model, rather than one of data no longer selected.
      if (this.settings.data === 'csv') this.csv = null;
      this.unload();
    }
    this.views.setRunPending(this.runs.pending);
  }

  private onUnloaded(run: number): void {
    this.hasRun = false;
    const { sentence, brief } = this.missingData();
    if (this.runs.answer(run)) this.dataLabel.textContent = sentence;
    this.views.setRunPending(this.runs.pending);
    this.views.clear(brief);
    byId<HTMLButtonElement>('download').disabled = true;
    this.setPlaying(false);
  }

  /** Whether Play and Step have a model to train, now or once the latest request is answered. */
  private canTrain(): boolean {
    return this.runs.pending ? this.runs.latest?.kind !== 'unload' : this.hasRun;
  }

  /** Says why there is nothing to train, and shows the data controls that fix it. */
  private explainNothingToTrain(): void {
    this.messages.show(`Nothing to train. ${this.missingData().sentence}`, 'info', NOTHING_TO_TRAIN);
    byId('data-select').closest('.card')?.scrollIntoView({ block: 'nearest' });
  }

  /** Why there is no model: what the data choice lacks, in a sentence (the data label) and briefly (the views). */
  private missingData(): { sentence: string; brief: string } {
    if (this.settings.data === 'drawn' && this.settings.strokes.length === 0) {
      return {
        sentence: 'The pad is empty: draw on it to give the model data (training starts when you lift the pen).',
        brief: 'No data yet: draw on the pad',
      };
    }
    if (this.settings.data === 'csv' && this.csv === null) {
      return { sentence: 'No CSV file yet: choose one to train on.', brief: 'No data yet: choose a CSV file' };
    }
    return {
      sentence: 'No model: the last change was rejected (see the message). Change a setting or the data to start one.',
      brief: 'No model',
    };
  }

  private describeData(data: DataSpec): string {
    if (data.kind === 'drawn') return 'your drawing';
    if (data.kind === 'points') return data.label;
    return this.dataSelect.querySelector<HTMLOptionElement>(`option[value="${data.name}"]`)?.text ?? data.name;
  }

  // ---- controls ------------------------------------------------------------------------------------------------

  private bindControls(): void {
    this.form.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      const name = input.name as NumericSetting;
      if (!FORM_SETTINGS.includes(name)) return;
      const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
      const label = input.closest('label')?.querySelector('span')?.textContent ?? name;
      const problem = checkSetting(name, value, `“${label}”`);
      input.setAttribute('aria-invalid', String(problem !== null));
      if (problem) {
        this.messages.show(`${problem} Still using ${this.settings[name]}.`, 'error', `setting:${name}`);
        return;
      }
      this.messages.dismiss(`setting:${name}`);
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
      if (!this.playing && !this.canTrain()) {
        this.explainNothingToTrain();
        return;
      }
      this.client.send({ type: this.playing ? 'pause' : 'play' });
      this.setPlaying(!this.playing);
    });
    byId('step').addEventListener('click', () => {
      if (this.canTrain()) this.client.send({ type: 'step' });
      else this.explainNothingToTrain();
    });
    byId('reset').addEventListener('click', () => {
      this.settings.model = null;
      this.writeUrl();
      this.configure();
    });

    byId('draw-undo').addEventListener('click', () => this.drawPad.undo());
    byId('draw-clear').addEventListener('click', () => this.drawPad.clear());
    byId<HTMLInputElement>('csv-file').addEventListener('change', (event) => void this.onCsvFile(event.target as HTMLInputElement));

    byId('load-pretrained').addEventListener('click', () => void this.loadShippedModel(byId<HTMLSelectElement>('pretrained').value));
    byId<HTMLInputElement>('model-file').addEventListener('change', (event) => void this.onModelFile(event.target as HTMLInputElement));
    byId('download').addEventListener('click', () => void this.download());

    this.timeSlider.addEventListener('input', () => {
      this.stopAnimation();
      this.setTime(Number(this.timeSlider.value));
      this.writeUrl();
    });
    byId('animate').addEventListener('click', () => (this.animationFrame === undefined ? this.startAnimation() : this.stopAnimation()));
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
      this.messages.show(`Read ${points.rows} points from ${file.name}${columns}.`);
    } catch (error) {
      this.messages.show((error as Error).message, 'error');
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
    this.sendModel(await file.text(), file.name, null);
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
      this.messages.dismiss(`setting:${name}`);
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

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    this.playButton.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.playButton.dataset.playing = String(playing);
  }

  private setTime(time: number): void {
    this.settings.time = time;
    this.timeSlider.value = String(time);
    byId('time-value').textContent = `t = ${time.toFixed(2)}`;
    this.views.setTime(time);
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
