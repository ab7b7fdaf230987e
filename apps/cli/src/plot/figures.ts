import type { DataMatrix } from '@otflow/datasets';
import type { Flow } from '@otflow/runtime';
import { renderDensityFigure } from './density-figure';
import { writePng, type Figure } from './figure';
import { renderLossFigure, type TrainingHistory } from './loss-figure';
import { renderSamplesFigure } from './samples-figure';
import { renderScatterMatrix } from './scatter-matrix-figure';
import { renderTrajectoriesFigure } from './trajectories-figure';

export type { TrainingHistory } from './loss-figure';

export type ModelFigureKind = 'density' | 'samples' | 'trajectories' | 'all';

export interface ModelFigureOptions {
  /** Which figure; 'all' writes one file per figure (see {@link writeModelFigures}). */
  kind: ModelFigureKind;
  /** Data to show beside the model's samples and to start trajectories from; its width must be the flow's d. */
  data?: DataMatrix;
  /** RK4 steps. Default: the flow's defaultSteps. */
  nt?: number;
  /** Seed of the generated samples and of which data rows are shown. Default 0. */
  seed?: number;
  /** The figures' title. Default: one per figure. */
  title?: string;
  /** Points per scatter panel (data rows shown, samples generated). Default 2000. */
  n?: number;
  /** Particles in the trajectory figure. Default min(n, 300). */
  particles?: number;
  /** Density grid cells per axis. Default 200. */
  resolution?: number;
  /** Stops between figures when aborted. */
  signal?: AbortSignal;
}

const MODEL_KINDS: readonly ModelFigureKind[] = ['density', 'samples', 'trajectories', 'all'];
const DEFAULT_POINTS = 2000;
const DEFAULT_PARTICLES = 300;
const DEFAULT_RESOLUTION = 200;
const MAX_POINTS = 200_000;

/**
 * Writes training curves as a PNG: J, L, C and R per iteration with validation values, the validation NLL, and the
 * learning rate (see renderLossFigure).
 */
export async function writeLossCurves(path: string, history: TrainingHistory, options: { title?: string } = {}): Promise<void> {
  checkPngPath(path, 'path');
  checkHistory(history);
  await writePng(renderLossFigure(history, options.title ?? 'OT-Flow training'), path);
}

/**
 * Writes figures of a flow as PNG files and returns their paths:
 * - 'density' (2-D flows only): the heat map of ρ = exp(log ρ) with a colorbar, to `outPath`.
 * - 'samples': for a 2-D flow with data, the 2 × 2 panel x, f(x), f⁻¹(f(x)), f⁻¹(y); without data, generated
 *   samples alone; for d > 2, a scatter matrix of the first four coordinates, samples over data. To `outPath`.
 * - 'trajectories': particle paths from t = 0 to 1 (first two coordinates when d > 2), to `outPath`.
 * - 'all': each of these to `outPath` with the kind before the extension: fig.png → fig-density.png,
 *   fig-samples.png, fig-trajectories.png (no density figure when d > 2).
 */
export async function writeModelFigures(flow: Flow, outPath: string, options: ModelFigureOptions): Promise<string[]> {
  checkPngPath(outPath, 'outPath');
  const settings = resolveOptions(flow, options);
  const kinds: Exclude<ModelFigureKind, 'all'>[] =
    options.kind === 'all' ? (flow.d === 2 ? ['density', 'samples', 'trajectories'] : ['samples', 'trajectories']) : [options.kind];
  if (options.kind === 'density' && flow.d !== 2) {
    throw new Error(`The density figure needs a 2-D model, but this model has d = ${flow.d}; use kind 'samples' for a scatter matrix.`);
  }
  const written: string[] = [];
  for (const kind of kinds) {
    options.signal?.throwIfAborted();
    const path = options.kind === 'all' ? pathWithSuffix(outPath, kind) : outPath;
    await writePng(await renderModelFigure(flow, kind, settings), path);
    written.push(path);
  }
  return written;
}

interface ResolvedOptions {
  data?: DataMatrix;
  nt: number;
  seed: number;
  n: number;
  particles: number;
  resolution: number;
  title?: string;
}

function renderModelFigure(flow: Flow, kind: Exclude<ModelFigureKind, 'all'>, settings: ResolvedOptions): Promise<Figure> {
  const { data, nt, seed, n, particles, resolution, title } = settings;
  switch (kind) {
    case 'density':
      return renderDensityFigure(flow, { data, n, nt, seed, resolution, title: title ?? 'OT-Flow: learned density' });
    case 'samples':
      return flow.d === 2
        ? renderSamplesFigure(flow, { data, n, nt, seed, title: title ?? (data ? 'OT-Flow: data, normalizing map and samples' : 'OT-Flow: samples') })
        : renderScatterMatrix(flow, { data, n, nt, seed, title: title ?? 'OT-Flow: pairwise projections' });
    case 'trajectories':
      return renderTrajectoriesFigure(flow, { data, particles, nt, seed, title: title ?? 'OT-Flow: particle trajectories' });
  }
}

/** fig.png → fig-<kind>.png, in the same folder. */
function pathWithSuffix(path: string, kind: string): string {
  return `${path.slice(0, -'.png'.length)}-${kind}.png`;
}

function checkPngPath(path: unknown, name: string): void {
  if (typeof path !== 'string' || !/\.png$/i.test(path) || path.length <= 4) {
    throw new Error(`${name} must be a file name ending in .png, got ${JSON.stringify(path)}.`);
  }
}

function resolveOptions(flow: Flow, options: ModelFigureOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object' || !MODEL_KINDS.includes(options.kind)) {
    throw new Error(`options.kind must be one of ${MODEL_KINDS.join(', ')}, got ${JSON.stringify(options?.kind)}.`);
  }
  const nt = options.nt ?? flow.defaultSteps;
  checkInteger(nt, 'options.nt', 1, 10_000);
  const seed = options.seed ?? 0;
  checkInteger(seed, 'options.seed', 0, Number.MAX_SAFE_INTEGER);
  const n = options.n ?? DEFAULT_POINTS;
  checkInteger(n, 'options.n', 1, MAX_POINTS);
  const particles = options.particles ?? Math.min(n, DEFAULT_PARTICLES);
  checkInteger(particles, 'options.particles', 1, MAX_POINTS);
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  checkInteger(resolution, 'options.resolution', 2, 2000);
  const { data } = options;
  if (data !== undefined) {
    if (data === null || !(data.data instanceof Float32Array) || data.data.length !== data.rows * data.cols || data.rows < 1) {
      throw new Error('options.data must be a non-empty DataMatrix {data: Float32Array, rows, cols} with rows × cols values.');
    }
    if (data.cols !== flow.d) {
      throw new Error(`options.data has ${data.cols} columns but the model is ${flow.d}-dimensional; pass data of the model's dimension.`);
    }
  }
  return { data, nt, seed, n, particles, resolution, title: options.title };
}

function checkInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
}

/** The history must hold at least one iteration, and every record the numbers the figure plots (NaN is drawn as a gap). */
function checkHistory(history: unknown): void {
  const candidate = history as Partial<TrainingHistory> | null;
  if (candidate === null || typeof candidate !== 'object' || !Array.isArray(candidate.iterations) || !Array.isArray(candidate.validations)) {
    throw new Error('history must be {iterations: IterationRecord[], validations: ValidationRecord[]} as training writes it.');
  }
  if (candidate.iterations.length === 0) throw new Error('history has no iteration records: there is nothing to plot yet.');
  const fields = {
    iterations: ['iteration', 'objective', 'transportCost', 'nll', 'hjb', 'learningRate'],
    validations: ['iteration', 'objective', 'transportCost', 'nll', 'hjb'],
  } as const;
  for (const list of ['iterations', 'validations'] as const) {
    candidate[list]?.forEach((record, index) => {
      for (const field of fields[list]) {
        const value = (record as unknown as Record<string, unknown>)?.[field];
        if (typeof value !== 'number') {
          throw new Error(`history.${list}[${index}].${field} must be a number, got ${JSON.stringify(value)}.`);
        }
      }
    });
  }
}
