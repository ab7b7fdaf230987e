/** The settings a training run needs beyond the data; numerics §7 gives them per dataset. */
export interface TrainingSettings {
  /** Width of the potential's ResNet. */
  m: number;
  /** Number of ResNet layers. */
  nTh: number;
  /** RK4 steps in training. */
  nt: number;
  /** RK4 steps in validation. */
  ntVal: number;
  batchSize: number;
  /** [α_L, α_C, α_R]. */
  alph: [number, number, number];
  /** Maximum number of optimizer steps. */
  iterations: number;
  learningRate: number;
  /** Divide the learning rate by `learningRateDropFactor` every this many iterations (0: never). */
  learningRateDropEvery: number;
  learningRateDropFactor: number;
  /** Draw a fresh training batch every this many iterations. */
  resampleEvery: number;
  /** Validate every this many iterations (and after the last). */
  validateEvery: number;
  /** Points in the validation set when the trainer's caller samples one (toy data). */
  validationSize: number;
  /**
   * On a plateau of this many validations without improvement, divide the learning rate by
   * `learningRateDropFactor`; after `maxPlateauDrops` such drops, stop. 0 turns plateau handling off.
   */
  earlyStoppingPatience: number;
  maxPlateauDrops: number;
  /** Clamp every weight to [−c, c] before each step (0: no clamping). */
  clampWeights: number;
}

const TOY_COMMON = {
  m: 32,
  nTh: 2,
  ntVal: 12,
  batchSize: 5000,
  iterations: 5000,
  learningRateDropFactor: 2,
  resampleEvery: 25,
  validateEvery: 50,
  validationSize: 4096,
  earlyStoppingPatience: 0,
  maxPlateauDrops: 3,
  clampWeights: 0,
} as const;

/**
 * numerics §7's toy 2-D settings. `rings` has no published row; it uses circles' settings (a similar ring density).
 * The validation frequency is not published; every 50 iterations keeps its cost near 2 % of training.
 */
export const TOY_PRESETS: Readonly<Record<string, TrainingSettings>> = Object.freeze({
  '8gaussians': { ...TOY_COMMON, nt: 8, alph: [1, 30, 1], learningRate: 0.1, learningRateDropEvery: 500 },
  checkerboard: {
    ...TOY_COMMON,
    nt: 12,
    ntVal: 16,
    batchSize: 10000,
    alph: [1, 15, 2],
    iterations: 20000,
    learningRate: 0.05,
    learningRateDropEvery: 1000,
  },
  swissroll: { ...TOY_COMMON, nt: 8, ntVal: 16, alph: [1, 30, 15], learningRate: 0.05, learningRateDropEvery: 1000 },
  circles: { ...TOY_COMMON, nt: 8, alph: [1, 5, 1], learningRate: 0.05, learningRateDropEvery: 1000 },
  rings: { ...TOY_COMMON, nt: 8, alph: [1, 5, 1], learningRate: 0.05, learningRateDropEvery: 1000 },
  moons: { ...TOY_COMMON, nt: 8, alph: [1, 8, 1], learningRate: 0.05, learningRateDropEvery: 1000 },
  pinwheel: { ...TOY_COMMON, nt: 8, alph: [1, 30, 15], learningRate: 0.05, learningRateDropEvery: 1000 },
  '2spirals': { ...TOY_COMMON, nt: 8, alph: [1, 10, 1], learningRate: 0.05, learningRateDropEvery: 1000 },
});

const TABULAR_COMMON = {
  nTh: 2,
  iterations: 1_000_000,
  learningRateDropEvery: 0,
  resampleEvery: 1,
  validationSize: 0,
  maxPlateauDrops: 3,
  clampWeights: 1.5,
} as const;

/**
 * numerics §7's tabular settings: a fresh batch from the shuffled training set at every step, weights clamped to
 * [−1.5, 1.5], and on a plateau of `earlyStoppingPatience` validations the learning rate divided by lr_drop, three
 * times, then stop. `iterations` is only a safety cap: early stopping ends these runs.
 */
export const TABULAR_PRESETS: Readonly<Record<string, TrainingSettings>> = Object.freeze({
  power: {
    ...TABULAR_COMMON,
    m: 128, nt: 10, ntVal: 22, batchSize: 10000, alph: [1, 500, 5], learningRate: 0.03,
    validateEvery: 30, earlyStoppingPatience: 20, learningRateDropFactor: 10,
  },
  gas: {
    ...TABULAR_COMMON,
    m: 350, nt: 10, ntVal: 28, batchSize: 2000, alph: [1, 1200, 40], learningRate: 0.01,
    validateEvery: 50, earlyStoppingPatience: 20, learningRateDropFactor: 10,
  },
  hepmass: {
    ...TABULAR_COMMON,
    m: 256, nt: 12, ntVal: 24, batchSize: 2000, alph: [1, 500, 40], learningRate: 0.02,
    validateEvery: 50, earlyStoppingPatience: 15, learningRateDropFactor: 10,
  },
  miniboone: {
    ...TABULAR_COMMON,
    m: 256, nt: 6, ntVal: 10, batchSize: 2000, alph: [1, 100, 15], learningRate: 0.02,
    validateEvery: 20, earlyStoppingPatience: 15, learningRateDropFactor: 10,
  },
  bsds300: {
    ...TABULAR_COMMON,
    m: 512, nt: 14, ntVal: 30, batchSize: 300, alph: [1, 2000, 800], learningRate: 0.001,
    validateEvery: 100, earlyStoppingPatience: 15, learningRateDropFactor: 3.3,
  },
});

/** The nt used for test NLL on each tabular set (numerics §7's nt_test). */
export const TABULAR_TEST_STEPS: Readonly<Record<string, number>> = Object.freeze({
  power: 24, gas: 30, hepmass: 24, miniboone: 18, bsds300: 40,
});

/** The reference's quick default: 8gaussians with alph 1,100,5, batch 4096, lr 0.1 halved every 100, 1500 steps. */
export const QUICK_PRESET: Readonly<TrainingSettings> = Object.freeze({
  ...TOY_PRESETS['8gaussians'],
  alph: [1, 100, 5] as [number, number, number],
  batchSize: 4096,
  learningRateDropEvery: 100,
  iterations: 1500,
});

/** Settings for `dataset` (a toy or tabular name), with any field overridden. Unknown names list the valid ones. */
export function trainingSettings(dataset: string, overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  const preset = TOY_PRESETS[dataset] ?? TABULAR_PRESETS[dataset];
  if (!preset) {
    const names = [...Object.keys(TOY_PRESETS), ...Object.keys(TABULAR_PRESETS)].join(', ');
    throw new Error(`No training settings for "${dataset}": choose one of ${names}, or pass every setting.`);
  }
  return checkTrainingSettings({ ...preset, ...definedOnly(overrides) });
}

/** The fields of `values` that are not undefined: unset overrides keep the defaults. */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Validates every field; each message names the setting, its value and what it must be. */
export function checkTrainingSettings(settings: TrainingSettings): TrainingSettings {
  const positiveIntegers = ['m', 'nTh', 'nt', 'ntVal', 'batchSize', 'iterations', 'resampleEvery', 'validateEvery'] as const;
  for (const key of positiveIntegers) {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer, got ${String(value)}.`);
  }
  if (settings.nTh < 2) throw new Error(`nTh must be at least 2 (an opening and a residual layer), got ${settings.nTh}.`);
  for (const key of ['learningRateDropEvery', 'validationSize', 'earlyStoppingPatience', 'maxPlateauDrops'] as const) {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 0) throw new Error(`${key} must be an integer ≥ 0, got ${String(value)}.`);
  }
  if (!(Number.isFinite(settings.learningRate) && settings.learningRate > 0)) {
    throw new Error(`learningRate must be a positive number, got ${String(settings.learningRate)}.`);
  }
  if (!(Number.isFinite(settings.learningRateDropFactor) && settings.learningRateDropFactor > 1)) {
    throw new Error(`learningRateDropFactor must be a number > 1, got ${String(settings.learningRateDropFactor)}.`);
  }
  if (!(Number.isFinite(settings.clampWeights) && settings.clampWeights >= 0)) {
    throw new Error(`clampWeights must be a number ≥ 0 (0 turns clamping off), got ${String(settings.clampWeights)}.`);
  }
  return settings;
}
