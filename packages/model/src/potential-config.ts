/** The architecture of an OT-Flow potential Φ (SPEC §2). */
export interface PotentialConfig {
  /** Data dimension: Φ acts on s = (x, t) in R^{d+1}. */
  readonly d: number;
  /** Width of the ResNet N. */
  readonly m: number;
  /** Number of ResNet layers: one opening layer and nTh − 1 residual layers. */
  readonly nTh: number;
  /** Rank of the quadratic term: A is r × (d+1). */
  readonly r: number;
}

/** A config as a caller writes it: only `d` is required. */
export interface PotentialConfigInput {
  d: number;
  /** Default 32, the width of every published 2-D experiment. */
  m?: number;
  /** Default 2, the setting of every published experiment. */
  nTh?: number;
  /** Default min(10, d + 1), as in the reference implementation. */
  r?: number;
}

export const DEFAULT_WIDTH = 32;
export const DEFAULT_LAYER_COUNT = 2;

/** The reference's default rank of the quadratic term: r = min(10, d + 1). */
export function defaultQuadraticRank(d: number): number {
  return Math.min(10, d + 1);
}

function requireInteger(value: unknown, name: string, minimum: number, meaning: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
    throw new Error(`${name} (${meaning}) must be an integer ≥ ${minimum}, got ${shown}.`);
  }
  return value;
}

/**
 * Fills in defaults and validates a potential's config. `where` prefixes the field names in error messages
 * (for example `config.` when the config comes from a file).
 */
export function resolvePotentialConfig(input: PotentialConfigInput, where = ''): PotentialConfig {
  if (typeof input !== 'object' || input === null) {
    throw new Error(`${where || 'The config'} must be an object like { d: 2, m: 32, nTh: 2 }, got ${String(input)}.`);
  }
  const d = requireInteger(input.d, `${where}d`, 1, 'the data dimension');
  const m = requireInteger(input.m ?? DEFAULT_WIDTH, `${where}m`, 1, 'the network width');
  const nTh = requireInteger(input.nTh ?? DEFAULT_LAYER_COUNT, `${where}nTh`, 2, 'the number of ResNet layers');
  const r = requireInteger(input.r ?? defaultQuadraticRank(d), `${where}r`, 1, 'the rank of the quadratic term');
  return Object.freeze({ d, m, nTh, r });
}

/** The residual step h = 1/M with M = nTh − 1 residual layers. */
export function residualStep(config: PotentialConfig): number {
  return 1 / (config.nTh - 1);
}

/** SPEC §2: r(d+1) + (d+1) + 1 + m + m(d+1) + m + M(m² + m), counting the constant c. */
export function potentialParameterCount(config: PotentialConfig): number {
  const { d, m, nTh, r } = config;
  const residualLayers = nTh - 1;
  return r * (d + 1) + (d + 1) + 1 + m + m * (d + 1) + m + residualLayers * (m * m + m);
}
