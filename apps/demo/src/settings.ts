import { TOY_DATASETS, type ToyDatasetName } from '@otflow/datasets';
import { TOY_PRESETS } from '@otflow/train';

/** Where the training points come from: one of the eight toy densities, a drawing, or an uploaded CSV file. */
export type DataChoice = ToyDatasetName | 'drawn' | 'csv';

export const DATA_CHOICES: readonly DataChoice[] = [...TOY_DATASETS, 'drawn', 'csv'];

/** A brush stroke of the drawing pad: x, y pairs in data units. */
export type Stroke = number[];

/** Everything the URL records: a link with these values reproduces the setup. */
export interface DemoSettings {
  data: DataChoice;
  /** Width of the potential's ResNet. */
  m: number;
  /** ResNet layers (≥ 2). */
  nTh: number;
  /** RK4 steps in training. */
  nt: number;
  alphaC: number;
  alphaR: number;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** The drawn density (data = 'drawn'). */
  strokes: Stroke[];
  /** A pretrained model shipped with the app to start from, by name; null for a fresh initialization. */
  model: string | null;
  /** Time shown by the trajectory view, in [0, 1]. */
  time: number;
}

/** The limits of each numeric setting, checked at the URL and at the form. */
export const SETTING_LIMITS = {
  m: { min: 4, max: 256, integer: true },
  nTh: { min: 2, max: 8, integer: true },
  nt: { min: 1, max: 64, integer: true },
  alphaC: { min: 0.001, max: 10_000, integer: false },
  alphaR: { min: 0, max: 10_000, integer: false },
  learningRate: { min: 1e-6, max: 1, integer: false },
  batchSize: { min: 16, max: 16_384, integer: true },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  time: { min: 0, max: 1, integer: false },
} as const;

export type NumericSetting = keyof typeof SETTING_LIMITS;

/** Settings for drawn and uploaded data, whose scale matches the toy sets: the 8gaussians row of numerics §7. */
const FREE_FORM_PRESET = TOY_PRESETS['8gaussians'];

/** The numerics §7 preset row behind a data choice. */
export function presetFor(data: DataChoice) {
  return data === 'drawn' || data === 'csv' ? FREE_FORM_PRESET : TOY_PRESETS[data];
}

/**
 * The settings a data choice starts with: its numerics §7 row (nt, α, learning rate), a batch of 1024 rather than
 * 5000 so that a browser trains at an interactive pace, and the other fields of `base`.
 */
export function settingsForData(data: DataChoice, base: DemoSettings): DemoSettings {
  const preset = presetFor(data);
  return {
    ...base,
    data,
    nt: preset.nt,
    alphaC: preset.alph[1],
    alphaR: preset.alph[2],
    learningRate: preset.learningRate,
    model: null,
  };
}

export const DEFAULT_SETTINGS: DemoSettings = settingsForData('8gaussians', {
  data: '8gaussians',
  m: 32,
  nTh: 2,
  nt: 8,
  alphaC: 30,
  alphaR: 1,
  learningRate: 0.1,
  batchSize: 1024,
  seed: 1,
  strokes: [],
  model: null,
  time: 1,
});

/**
 * Checks one numeric setting; returns an error message that starts with `label` (what the user knows the setting
 * as: the form field's visible label, or the URL parameter) and gives the expected range and the value received,
 * or null when the value is valid.
 */
export function checkSetting(name: NumericSetting, value: number, label: string): string | null {
  const { min, max, integer } = SETTING_LIMITS[name];
  if (!Number.isFinite(value)) return `${label} must be a number, got ${String(value)}.`;
  if (integer && !Number.isInteger(value)) return `${label} must be a whole number from ${min} to ${max}, got ${value}.`;
  if (value < min || value > max) return `${label} must be between ${min} and ${max}, got ${value}.`;
  return null;
}

export function isDataChoice(value: unknown): value is DataChoice {
  return typeof value === 'string' && (DATA_CHOICES as readonly string[]).includes(value);
}
