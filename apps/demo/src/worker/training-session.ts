import { isToyDatasetName } from '@otflow/datasets';
import { densityGrid } from '@otflow/metrics';
import { modelFileToJSON, parseModelFile, serializeModel, type FlowModelKind, type Normalization, type WeightValues } from '@otflow/model';
import { Flow } from '@otflow/runtime';
import { checkTrainingSettings, Trainer, type IterationRecord, type ValidationRecord } from '@otflow/train';
import type { DataSpec, TrainingConfig, WorkerEvent, WorkerRequest } from '../protocol';
import { presetFor, type DataChoice } from '../settings';
import { nextMacrotask, TaskQueue } from './task-queue';
import { prepareTrainingData, VALIDATION_SIZE, type TrainingData } from './training-data';

/** Heat-map cells per axis: 72² points through the augmented ODE take a fraction of a training step's time. */
const GRID_RESOLUTION = 72;
const SAMPLE_COUNT = 1500;
const TRAJECTORY_COUNT = 150;
const PROGRESS_INTERVAL_MS = 100;
/** Views refresh at most this often while training, and take at most VIEW_BUDGET of the time. */
const MIN_VIEW_INTERVAL_MS = 1000;
const VIEW_BUDGET = 0.2;
/** Steps averaged for the iterations-per-second figures. */
const RATE_WINDOW = 20;
/** The demo trains until paused; the trainer needs a budget, so it gets one no session reaches. */
const ITERATION_BUDGET = 10_000_000;

export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** A model file's weights and units, to start a run from. */
interface StartingPoint {
  modelKind: FlowModelKind;
  weights: WeightValues;
  /** The potential's rank (undefined for a velocity network). */
  r: number | undefined;
  normalization: Normalization | null;
}

interface Run {
  config: TrainingConfig;
  trainer: Trainer;
  data: TrainingData;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function dataChoiceOf(spec: DataSpec): DataChoice {
  if (spec.kind === 'toy') return spec.name;
  return spec.kind === 'drawn' ? 'drawn' : 'csv';
}

function datasetName(spec: DataSpec): string {
  if (spec.kind === 'toy') return spec.name;
  return spec.kind === 'drawn' ? 'drawn' : `csv:${spec.label}`;
}

/**
 * The worker's side of the demo: one training run at a time, stepped while playing, with its views (density grid,
 * samples, trajectories) recomputed from a snapshot of the weights. Every operation runs on one queue, so messages
 * from the page take effect between two training steps.
 */
export class TrainingSession {
  private readonly queue = new TaskQueue();
  private run: Run | null = null;
  /** The flow behind the latest views; hover queries use it, so what they report matches the heat map. */
  private viewFlow: Flow | null = null;
  private playing = false;
  private tickScheduled = false;
  private pendingRecords: IterationRecord[] = [];
  private pendingValidations: ValidationRecord[] = [];
  private historyReset = false;
  private lastProgressAt = 0;
  private lastViewAt = 0;
  private viewCostMs = 0;
  private steps: { at: number; ms: number }[] = [];

  constructor(private readonly emit: Emit) {}

  handle(request: WorkerRequest): void {
    switch (request.type) {
      case 'configure':
        this.enqueueRun(request.run, () => this.configure(request.run, request.config, null));
        break;
      case 'load-model':
        this.enqueueRun(request.run, () => this.loadModel(request.run, request.text, request.label, request.config));
        break;
      case 'unload':
        this.enqueue(() => this.unload(request.run));
        break;
      case 'play':
        this.playing = true;
        this.steps = [];
        this.scheduleTick();
        this.enqueue(() => this.flushProgress());
        break;
      case 'pause':
        this.playing = false;
        this.enqueue(async () => {
          this.flushProgress();
          if (this.run && this.lastViewAt < this.lastStepAt()) await this.refreshViews();
        });
        break;
      case 'step':
        this.playing = false;
        this.enqueue(async () => {
          if (!this.run) return;
          this.stepOnce(this.run);
          this.flushProgress();
          await this.refreshViews();
        });
        break;
      case 'log-density':
        this.enqueue(async () => {
          const logDensity = this.viewFlow ? (await this.viewFlow.logProb([[request.x, request.y]]))[0] : Number.NaN;
          this.emit({ type: 'log-density', id: request.id, x: request.x, y: request.y, logDensity });
        });
        break;
      case 'export-model':
        this.enqueue(() => this.exportModel(request.id));
        break;
      default:
        this.emit({ type: 'error', kind: 'internal', message: `Unknown request ${JSON.stringify(request)}.` });
    }
  }

  /** Queues an operation; its failure is a fault (a bug or the backend), which stops training. */
  private enqueue(task: () => void | Promise<void>): void {
    void this.queue.run(task).catch((error: unknown) => {
      this.playing = false;
      this.emit({ type: 'error', kind: 'internal', message: messageOf(error) });
      this.flushProgress();
    });
  }

  /** Queues the start of run `run`; its failure is the user's input (data or file), and the previous run goes on. */
  private enqueueRun(run: number, task: () => void): void {
    void this.queue.run(task).catch((error: unknown) => {
      this.emit({ type: 'error', kind: 'input', run, message: messageOf(error) });
      this.flushProgress();
    });
  }

  private lastStepAt(): number {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1].at : 0;
  }

  /**
   * A new run: data and trainer (a failure there is the user's input, reported as such), then its views (queued as
   * their own task). The old run is freed only once the new one exists.
   */
  private configure(id: number, config: TrainingConfig, start: StartingPoint | null): void {
    const data = prepareTrainingData(config.data, config.seed, start?.normalization ?? null);
    const preset = presetFor(dataChoiceOf(config.data));
    const settings = checkTrainingSettings({
      ...preset,
      m: config.m,
      nTh: config.nTh,
      nt: config.nt,
      ntVal: Math.max(config.nt, preset.ntVal),
      batchSize: config.batchSize,
      alph: [1, config.alphaC, config.alphaR],
      learningRate: config.learningRate,
      iterations: ITERATION_BUDGET,
      validationSize: VALIDATION_SIZE,
    });
    const trainer = new Trainer({
      settings,
      data: data.source,
      validation: data.validation,
      seed: config.seed,
      modelKind: start?.modelKind,
      r: start?.r,
    });
    if (start) trainer.model.setWeights(start.weights);

    this.run?.trainer.dispose();
    this.run = { config, trainer, data };
    this.pendingRecords = [];
    this.pendingValidations = [];
    this.historyReset = true;
    this.steps = [];
    const points = data.display.data.slice();
    this.emit(
      { type: 'data', run: id, label: data.label, points, bounds: data.bounds, standardized: data.normalization !== null },
      [points.buffer],
    );
    this.flushProgress();
    this.enqueue(() => this.refreshViews());
    if (this.playing) this.scheduleTick();
  }

  /** Frees the run and the views' flow: until the next run there is nothing to train, show or probe. */
  private unload(id: number): void {
    this.playing = false;
    this.run?.trainer.dispose();
    this.run = null;
    this.viewFlow?.dispose();
    this.viewFlow = null;
    this.pendingRecords = [];
    this.pendingValidations = [];
    this.steps = [];
    this.emit({ type: 'unloaded', run: id });
  }

  private loadModel(id: number, text: string, label: string, config: TrainingConfig): void {
    let parsed;
    try {
      parsed = parseModelFile(text);
    } catch (error) {
      throw new Error(`${label} is not a usable model file: ${(error as Error).message}`, { cause: error });
    }
    try {
      const { model } = parsed;
      const { d, m, nTh } = model.config;
      if (d !== 2) {
        throw new Error(`${label} is a model of ${d}-dimensional data; the demo draws 2-D models only (use the CLI for it).`);
      }
      const dataset = parsed.training?.dataset;
      const toy = isToyDatasetName(dataset) ? dataset : null;
      const data: DataSpec = toy ? { kind: 'toy', name: toy } : config.data;
      const r = 'r' in model.config ? model.config.r : undefined;
      const start = { modelKind: model.kind, weights: model.getWeights(), r, normalization: parsed.normalization };
      this.configure(id, { ...config, m, nTh, data }, start);
      this.emit({ type: 'model-loaded', run: id, label, m, nTh });
    } finally {
      parsed.model.dispose();
    }
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    void nextMacrotask().then(() =>
      this.enqueue(async () => {
        this.tickScheduled = false;
        const run = this.run;
        if (!this.playing || !run) return;
        this.stepOnce(run);
        const now = performance.now();
        if (now - this.lastProgressAt >= PROGRESS_INTERVAL_MS || !this.playing) this.flushProgress();
        const viewInterval = Math.max(MIN_VIEW_INTERVAL_MS, this.viewCostMs / VIEW_BUDGET);
        if (now - this.lastViewAt >= viewInterval || !this.playing) await this.refreshViews();
        if (this.playing) this.scheduleTick();
      }),
    );
  }

  private stepOnce(run: Run): void {
    if (run.trainer.isFinished) {
      this.playing = false;
      this.emit({ type: 'notice', message: run.trainer.result().message });
      return;
    }
    const before = performance.now();
    const event = run.trainer.step();
    const at = performance.now();
    this.steps.push({ at, ms: at - before });
    if (this.steps.length > RATE_WINDOW) this.steps.shift();
    this.pendingRecords.push(event.record);
    if (event.validation) this.pendingValidations.push(event.validation);
    if (event.rolledBack) this.emit({ type: 'notice', message: event.rolledBack });
    if (run.trainer.isFinished) {
      this.playing = false;
      this.emit({ type: 'notice', message: run.trainer.result().message });
    }
  }

  private flushProgress(): void {
    const run = this.run;
    if (!run) return;
    const trainingMs = this.steps.reduce((sum, step) => sum + step.ms, 0);
    const trainingRate = trainingMs > 0 ? (1000 * this.steps.length) / trainingMs : 0;
    // From the start of the window's first step to the end of its last: training, views and messages.
    const span = this.steps.length > 1 ? this.steps[this.steps.length - 1].at - (this.steps[0].at - this.steps[0].ms) : 0;
    const wallRate = span > 0 ? (1000 * this.steps.length) / span : 0;
    this.emit({
      type: 'progress',
      iteration: run.trainer.iteration,
      records: this.pendingRecords,
      validations: this.pendingValidations,
      reset: this.historyReset,
      learningRate: run.trainer.learningRate,
      trainingRate,
      wallRate,
      playing: this.playing,
    });
    this.pendingRecords = [];
    this.pendingValidations = [];
    this.historyReset = false;
    this.lastProgressAt = performance.now();
  }

  /** Density grid, samples and trajectories of the current weights (a copy: training may go on meanwhile). */
  private async refreshViews(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const started = performance.now();
    const { data, trainer, config } = run;
    const flow = new Flow(trainer.model.clone(), data.normalization, null, trainer.settings.ntVal);
    let views;
    try {
      const grid = await densityGrid((points) => flow.logProb(points), { bounds: data.bounds, resolution: GRID_RESOLUTION });
      const samples = await flow.sample(SAMPLE_COUNT, { seed: 'view-samples' });
      // trajectories() standardizes its input in place: hand it a copy of the display points.
      const starts = data.display.data.slice(0, 2 * Math.min(TRAJECTORY_COUNT, data.display.rows));
      const paths = await flow.trajectories(starts, { nt: config.nt });
      views = { grid, samples: samples.data, times: paths.times, frames: paths.positions.map((p) => p.data) };
    } catch (error) {
      flow.dispose();
      throw error;
    }
    this.viewFlow?.dispose();
    this.viewFlow = flow;
    const { grid, samples, times, frames } = views;
    this.emit(
      {
        type: 'views',
        iteration: trainer.iteration,
        density: { logValues: grid.logValues, nx: grid.xs.length, ny: grid.ys.length, bounds: data.bounds, integral: grid.integral },
        samples,
        trajectories: { times, frames },
        computeMs: performance.now() - started,
      },
      [grid.logValues.buffer, samples.buffer, ...frames.map((f) => f.buffer)],
    );
    this.lastViewAt = performance.now();
    this.viewCostMs = this.lastViewAt - started;
  }

  private exportModel(id: number): void {
    const run = this.run;
    if (!run) throw new Error('There is no model to download yet.');
    const { config, trainer, data } = run;
    const dataset = datasetName(config.data);
    const file = serializeModel(trainer.model, {
      normalization: data.normalization,
      training: {
        dataset,
        alph: [1, config.alphaC, config.alphaR],
        nt: config.nt,
        iterations: trainer.iteration,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        createdBy: 'otflow demo',
        createdAt: new Date().toISOString(),
      },
    });
    const slug = dataset.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'model';
    this.emit({ type: 'model-file', id, text: modelFileToJSON(file), fileName: `otflow-${slug}-${trainer.iteration}.json` });
  }
}
