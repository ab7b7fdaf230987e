import type { Bounds2D } from '@otflow/metrics';
import type { ToyDatasetName } from '@otflow/datasets';
import type { IterationRecord, ValidationRecord } from '@otflow/train';
import type { Stroke } from './settings';

/** The training data as the page describes it to the worker. */
export type DataSpec =
  | { kind: 'toy'; name: ToyDatasetName }
  | { kind: 'drawn'; strokes: Stroke[] }
  | { kind: 'points'; label: string; data: Float32Array; rows: number };

/** What a training run needs from the page's settings. */
export interface TrainingConfig {
  data: DataSpec;
  m: number;
  nTh: number;
  nt: number;
  alphaC: number;
  alphaR: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

/**
 * Messages from the page to the training worker. The requests that replace the run carry `run`, a number the page
 * counts up; the worker's answer (`data`, `unloaded`, or an input `error`) carries it back, so the page knows which
 * of its requests the views now show.
 */
export type WorkerRequest =
  /** A fresh model (initialized from the seed) on this data; keeps playing if it was. */
  | { type: 'configure'; run: number; config: TrainingConfig }
  /** Starts from a model file's weights; its m, nTh and r replace the config's, its toy dataset the config's data. */
  | { type: 'load-model'; run: number; text: string; label: string; config: TrainingConfig }
  /** Drops the run (the page has no data to train on): no model, no views, nothing to play, until the next run. */
  | { type: 'unload'; run: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'log-density'; id: number; x: number; y: number }
  | { type: 'export-model'; id: number };

/** What the worker's wasm backend turned out to be. */
export interface BackendReport {
  backend: string;
  simd: boolean;
  /** Whether the threaded wasm build runs (needs cross-origin isolation and SharedArrayBuffer). */
  multithreaded: boolean;
  threads: number;
  crossOriginIsolated: boolean;
}

export interface DensityView {
  /** log ρ at cell centres, row-major with one row per y (bottom row first). */
  logValues: Float32Array;
  nx: number;
  ny: number;
  bounds: Bounds2D;
  /** ∫ρ over the box by the midpoint rule (≈ 1 when the mass lies inside). */
  integral: number;
}

export interface TrajectoryView {
  /** Time of each frame, 0 → 1. */
  times: number[];
  /** Positions (n × 2, row-major) of the same points at each time. */
  frames: Float32Array[];
}

/** Messages from the training worker to the page. */
export type WorkerEvent =
  | { type: 'ready'; report: BackendReport }
  /** A new run started: the data it trains on. */
  | { type: 'data'; run: number; label: string; points: Float32Array; bounds: Bounds2D; standardized: boolean }
  | { type: 'unloaded'; run: number }
  | {
      type: 'progress';
      iteration: number;
      /** Iteration records since the previous progress event; `reset` says the history starts over. */
      records: IterationRecord[];
      validations: ValidationRecord[];
      reset: boolean;
      learningRate: number;
      /** Optimizer steps per second of training time, and of wall time (views and messages included). */
      trainingRate: number;
      wallRate: number;
      playing: boolean;
    }
  | { type: 'views'; iteration: number; density: DensityView; samples: Float32Array; trajectories: TrajectoryView; computeMs: number }
  /** The run `run` (announced by its `data` event just before) starts from a model file's weights. */
  | { type: 'model-loaded'; run: number; label: string; m: number; nTh: number }
  | { type: 'log-density'; id: number; x: number; y: number; logDensity: number }
  | { type: 'model-file'; id: number; text: string; fileName: string }
  | { type: 'notice'; message: string }
  /**
   * `input`: the user's file or setting was rejected (shown, not logged), and `run` is the request that failed (the
   * previous run goes on); `internal`: a bug or a backend failure.
   */
  | { type: 'error'; kind: 'input'; run: number; message: string }
  | { type: 'error'; kind: 'internal'; message: string };
