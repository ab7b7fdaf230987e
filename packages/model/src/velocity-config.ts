/** The architecture of a velocity network v(x, t) (the analysis' formulation, SPEC §6): a ResNet with d outputs. */
export interface VelocityConfig {
  /** Data dimension: v acts on s = (x, t) in R^{d+1} and returns d numbers. */
  readonly d: number;
  /** Width of the ResNet. */
  readonly m: number;
  /** Number of ResNet layers: one opening layer and nTh − 1 residual layers. */
  readonly nTh: number;
}

/** A config as a caller writes it: only `d` is required. */
export interface VelocityConfigInput {
  d: number;
  /** Default 32, as for the potential. */
  m?: number;
  /** Default 2, as for the potential. */
  nTh?: number;
}

function requireInteger(value: unknown, name: string, minimum: number, meaning: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
    throw new Error(`${name} (${meaning}) must be an integer ≥ ${minimum}, got ${shown}.`);
  }
  return value;
}

/** Fills in defaults and validates a velocity network's config; `where` prefixes field names in error messages. */
export function resolveVelocityConfig(input: VelocityConfigInput, where = ''): VelocityConfig {
  if (typeof input !== 'object' || input === null) {
    throw new Error(`${where || 'The config'} must be an object like { d: 2, m: 32, nTh: 2 }, got ${String(input)}.`);
  }
  const d = requireInteger(input.d, `${where}d`, 1, 'the data dimension');
  const m = requireInteger(input.m ?? 32, `${where}m`, 1, 'the network width');
  const nTh = requireInteger(input.nTh ?? 2, `${where}nTh`, 2, 'the number of ResNet layers');
  return Object.freeze({ d, m, nTh });
}

/** Weight shapes by name in canonical order, PyTorch's out × in layout: K0, b0, …, K_M, b_M, W (d × m), c (d). */
export function velocityWeightShapes(config: VelocityConfig): Record<string, number[]> {
  const { d, m, nTh } = config;
  const shapes: Record<string, number[]> = { K0: [m, d + 1], b0: [m] };
  for (let layer = 1; layer < nTh; layer++) {
    shapes[`K${layer}`] = [m, m];
    shapes[`b${layer}`] = [m];
  }
  shapes.W = [d, m];
  shapes.c = [d];
  return shapes;
}

/** m(d+1) + m + M(m² + m) + dm + d. */
export function velocityParameterCount(config: VelocityConfig): number {
  return Object.values(velocityWeightShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
