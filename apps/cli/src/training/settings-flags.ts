import { FLOW_MODEL_KINDS, type FlowModelKind } from '@otflow/model';
import { trainingSettings, type TrainingSettings } from '@otflow/train';
import { UsageError, type OptionSpec, type ParsedArgs } from '../cli/command';
import { integerOption, numberListOption, numberOption, stringOption } from '../cli/option-values';
import type { DataSpec } from '../data/data-spec';

const PRESET = "the dataset's published setting, or fitted to a file";

/** `--model-kind`: which model a run trains. */
export const MODEL_KIND_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'kind',
  description: "OT-Flow's potential Φ (velocity −∇Φ, HJB term) or the analysis' velocity network v(x, t) (no HJB term).",
  choices: FLOW_MODEL_KINDS,
  defaultText: 'potential',
};

/** The model kind `--model-kind` names (parse-args has checked the choice). */
export function modelKindOption(args: ParsedArgs): FlowModelKind {
  return (stringOption(args, 'model-kind') ?? 'potential') as FlowModelKind;
}

/** Every training setting as a flag; unset flags keep the dataset's preset. */
export const SETTINGS_OPTIONS: Record<string, OptionSpec> = {
  'model-kind': MODEL_KIND_OPTION,
  m: { type: 'string', valueName: 'width', description: "Width of the model's ResNet.", defaultText: PRESET },
  nth: { type: 'string', valueName: 'layers', description: 'Number of ResNet layers (≥ 2).', defaultText: '2' },
  r: { type: 'string', valueName: 'rank', description: "Rank of the potential's quadratic term.", defaultText: 'min(10, d + 1)' },
  nt: { type: 'string', valueName: 'steps', description: 'RK4 steps in training.', defaultText: PRESET },
  'nt-val': { type: 'string', valueName: 'steps', description: 'RK4 steps in validation.', defaultText: PRESET },
  alph: { type: 'string', valueName: 'L,C,R', description: 'Objective weights α_L, α_C, α_R, e.g. 1,30,1.', defaultText: PRESET },
  lr: { type: 'string', valueName: 'rate', description: 'Adam learning rate.', defaultText: PRESET },
  batch: { type: 'string', valueName: 'size', description: 'Training batch size.', defaultText: PRESET },
  iters: { type: 'string', valueName: 'count', description: 'Maximum number of optimizer steps.', defaultText: PRESET },
  'lr-drop-every': {
    type: 'string',
    valueName: 'steps',
    description: 'Divide the learning rate by --lr-drop-factor every this many steps (0: never).',
    defaultText: PRESET,
  },
  'lr-drop-factor': { type: 'string', valueName: 'factor', description: 'Learning-rate divisor (> 1).', defaultText: PRESET },
  'resample-every': { type: 'string', valueName: 'steps', description: 'Draw a fresh training batch every this many steps.', defaultText: PRESET },
  'val-every': { type: 'string', valueName: 'steps', description: 'Validate every this many steps (and after the last).', defaultText: PRESET },
  'val-size': {
    type: 'string',
    valueName: 'points',
    description: 'Validation points: sampled for toy data; for files and benchmarks, at most this many rows (0: all).',
    defaultText: PRESET,
  },
  patience: {
    type: 'string',
    valueName: 'validations',
    description: 'On this many validations without improvement, drop the learning rate; stop after --max-plateau-drops drops (0: off).',
    defaultText: PRESET,
  },
  'max-plateau-drops': { type: 'string', valueName: 'count', description: 'Plateau drops before early stopping.', defaultText: PRESET },
  clamp: { type: 'string', valueName: 'c', description: 'Clamp every weight to [−c, c] before each step (0: off).', defaultText: PRESET },
};

/**
 * What a new run trains with: a toy density or benchmark has its published row (numerics §7), with the given flags
 * on top; a file of the user's own gets settings fitted to its size once it is loaded (settingsForData), flags on top.
 */
export type RunSettings = { preset: TrainingSettings } | { fitToData: Partial<TrainingSettings> };

export function settingsFor(spec: DataSpec, overrides: Partial<TrainingSettings>): RunSettings {
  return spec.kind === 'file' ? { fitToData: overrides } : { preset: trainingSettings(spec.name, overrides) };
}

export interface SettingsFromFlags {
  overrides: Partial<TrainingSettings>;
  modelKind: FlowModelKind;
  r: number | undefined;
}

/** The settings flags that were given, checked; the rest stay undefined. */
export function readSettingsFlags(args: ParsedArgs): SettingsFromFlags {
  const overrides: Partial<TrainingSettings> = {
    m: integerOption(args, 'm'),
    nTh: integerOption(args, 'nth', 2),
    nt: integerOption(args, 'nt'),
    ntVal: integerOption(args, 'nt-val'),
    alph: numberListOption(args, 'alph', 3, '1,30,1') as [number, number, number] | undefined,
    learningRate: numberOption(args, 'lr', { positive: true }),
    batchSize: integerOption(args, 'batch'),
    iterations: integerOption(args, 'iters'),
    learningRateDropEvery: integerOption(args, 'lr-drop-every', 0),
    learningRateDropFactor: numberOption(args, 'lr-drop-factor', { above: 1 }),
    resampleEvery: integerOption(args, 'resample-every'),
    validateEvery: integerOption(args, 'val-every'),
    validationSize: integerOption(args, 'val-size', 0),
    earlyStoppingPatience: integerOption(args, 'patience', 0),
    maxPlateauDrops: integerOption(args, 'max-plateau-drops', 0),
    clampWeights: numberOption(args, 'clamp', { min: 0 }),
  };
  const modelKind = modelKindOption(args);
  const r = integerOption(args, 'r');
  if (modelKind === 'velocity' && r !== undefined) throw new UsageError('--r sets the potential\'s quadratic term; a velocity network has none: drop --r');
  return { overrides, modelKind, r };
}

/** The flags among SETTINGS_OPTIONS that were given. */
export function givenSettingsFlags(args: ParsedArgs): string[] {
  return Object.keys(SETTINGS_OPTIONS).filter((name) => args.options[name] !== undefined);
}
