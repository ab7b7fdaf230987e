import {
  denormalize,
  matrixBatchSource,
  normalize,
  sampleToy,
  standardizedSplit,
  toyBatchSource,
  type DataMatrix,
} from '@otflow/datasets';
import type { Bounds2D } from '@otflow/metrics';
import type { Normalization } from '@otflow/model';
import type { BatchSource, PointBatch } from '@otflow/train';
import { drawnBatchSource } from '../data/drawn-batch-source';
import { DrawnDensity } from '../data/drawn-density';
import type { DataSpec } from '../protocol';

/** Points in the validation set (numerics §7 uses 4096; half keeps validation near 2 % of training time here). */
export const VALIDATION_SIZE = 2048;
/** Data points drawn in the views. */
export const DISPLAY_SIZE = 1500;
/** The view box of toy and drawn data: the toy densities live in [−4, 4]². */
const TOY_BOUNDS: Bounds2D = [[-4.5, 4.5], [-4.5, 4.5]];

/** Training data ready for a Trainer: batches and validation in model units, display points in data units. */
export interface TrainingData {
  label: string;
  source: BatchSource;
  validation: PointBatch;
  /** Up to DISPLAY_SIZE points in data units. */
  display: DataMatrix;
  bounds: Bounds2D;
  /** Model units = (data − mean)/std; null when the model works in data units. */
  normalization: Normalization | null;
}

/** Standardizes every batch of `source` (data units) with `normalization`. */
function standardizedSource(source: BatchSource, normalization: Normalization): BatchSource {
  return {
    d: source.d,
    next: (size) => normalize(toMatrix(source.next(size)), normalization),
    getState: () => source.getState(),
    setState: (state) => source.setState(state),
  };
}

function toMatrix(batch: PointBatch): DataMatrix {
  return { data: batch.data, rows: batch.rows, cols: batch.cols };
}

/** A square box around the points with a margin, so the views keep their aspect ratio. */
function boundsAround(points: DataMatrix): Bounds2D {
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (let i = 0; i < points.rows; i++) {
    for (let j = 0; j < 2; j++) {
      low[j] = Math.min(low[j], points.data[2 * i + j]);
      high[j] = Math.max(high[j], points.data[2 * i + j]);
    }
  }
  const half = (0.5 + 0.15) * Math.max(high[0] - low[0], high[1] - low[1], 1e-6);
  const centre = [(low[0] + high[0]) / 2, (low[1] + high[1]) / 2];
  return [[centre[0] - half, centre[0] + half], [centre[1] - half, centre[1] + half]];
}

function firstRows(matrix: DataMatrix, rows: number): DataMatrix {
  const count = Math.min(rows, matrix.rows);
  return { data: matrix.data.slice(0, count * matrix.cols), rows: count, cols: matrix.cols };
}

/**
 * Builds the training data for a spec. `modelNormalization` (from a loaded model file) replaces the data's own:
 * the model's weights only make sense in the units it was trained in.
 */
export function prepareTrainingData(spec: DataSpec, seed: number, modelNormalization: Normalization | null): TrainingData {
  if (spec.kind === 'points') return preparePoints(spec, seed, modelNormalization);
  let source: BatchSource;
  let validation: DataMatrix;
  let display: DataMatrix;
  let label: string;
  if (spec.kind === 'toy') {
    source = toyBatchSource(spec.name, `${seed}/train`);
    validation = sampleToy(spec.name, VALIDATION_SIZE, `${seed}/validation`);
    display = sampleToy(spec.name, DISPLAY_SIZE, `${seed}/display`);
    label = spec.name;
  } else {
    const density = new DrawnDensity(spec.strokes);
    source = drawnBatchSource(density, `${seed}/train`);
    validation = toMatrix(drawnBatchSource(density, `${seed}/validation`).next(VALIDATION_SIZE));
    display = toMatrix(drawnBatchSource(density, `${seed}/display`).next(DISPLAY_SIZE));
    label = `your drawing (${spec.strokes.length} stroke${spec.strokes.length === 1 ? '' : 's'})`;
  }
  if (modelNormalization) {
    source = standardizedSource(source, modelNormalization);
    validation = normalize(validation, modelNormalization);
  }
  return { label, source, validation, display, bounds: TOY_BOUNDS, normalization: modelNormalization };
}

/** Uploaded points: a seeded 90/10 split, standardized with the training rows' statistics (or the model's). */
function preparePoints(spec: Extract<DataSpec, { kind: 'points' }>, seed: number, modelNormalization: Normalization | null): TrainingData {
  const matrix: DataMatrix = { data: spec.data, rows: spec.rows, cols: 2 };
  const split = standardizedSplit(matrix, { seed: `${seed}/split`, validationFraction: 0.1 });
  let { train, validation } = split;
  if (modelNormalization) {
    train = normalize(denormalize(train, split.normalization), modelNormalization);
    validation = normalize(denormalize(validation, split.normalization), modelNormalization);
  }
  const display = firstRows(denormalize(split.train, split.normalization), DISPLAY_SIZE);
  return {
    label: `${spec.label} (${spec.rows} points)`,
    source: matrixBatchSource(train, { seed: `${seed}/train` }),
    validation,
    display,
    bounds: boundsAround(matrix),
    normalization: modelNormalization ?? split.normalization,
  };
}
