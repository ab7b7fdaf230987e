import { requireInteger, resolveResNetSize } from './resnet-size';

/** The architecture of an OT-Flow potential Φ (numerics §2). */
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

/** The reference's default rank of the quadratic term: r = min(10, d + 1). */
export function defaultQuadraticRank(d: number): number {
  return Math.min(10, d + 1);
}

/**
 * Fills in defaults and validates a potential's config. `where` prefixes the field names in error messages
 * (for example `config.` when the config comes from a file).
 */
export function resolvePotentialConfig(input: PotentialConfigInput, where = ''): PotentialConfig {
  const { d, m, nTh } = resolveResNetSize(input, where);
  const r = requireInteger(input.r ?? defaultQuadraticRank(d), `${where}r`, 1, 'the rank of the quadratic term');
  return Object.freeze({ d, m, nTh, r });
}

/** The residual step h = 1/M with M = nTh − 1 residual layers. */
export function residualStep(config: PotentialConfig): number {
  return 1 / (config.nTh - 1);
}

/** numerics §2: r(d+1) + (d+1) + 1 + m + m(d+1) + m + M(m² + m), counting the constant c. */
export function potentialParameterCount(config: PotentialConfig): number {
  const { d, m, nTh, r } = config;
  const residualLayers = nTh - 1;
  return r * (d + 1) + (d + 1) + 1 + m + m * (d + 1) + m + residualLayers * (m * m + m);
}
