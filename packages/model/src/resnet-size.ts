/** Default width m of the ResNet both models build on (numerics §2): that of every published 2-D experiment. */
export const DEFAULT_WIDTH = 32;
/** Default number of ResNet layers nTh: the setting of every published experiment. */
export const DEFAULT_LAYER_COUNT = 2;

/** The sizes every model's ResNet has: data dimension d, width m, nTh layers. */
export interface ResNetSize {
  d: number;
  m: number;
  nTh: number;
}

/** `value` if it is a safe integer ≥ `minimum`; else an error naming the field, its meaning and what it got. */
export function requireInteger(value: unknown, name: string, minimum: number, meaning: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
    throw new Error(`${name} (${meaning}) must be an integer ≥ ${minimum}, got ${shown}.`);
  }
  return value;
}

/**
 * Checks that a config is an object and resolves its d, m and nTh (m and nTh default to {@link DEFAULT_WIDTH} and
 * {@link DEFAULT_LAYER_COUNT}). `where` prefixes the field names in error messages (`config.` for a file).
 */
export function resolveResNetSize(input: { d: number; m?: number; nTh?: number }, where: string): ResNetSize {
  if (typeof input !== 'object' || input === null) {
    throw new Error(`${where || 'The config'} must be an object like { d: 2, m: 32, nTh: 2 }, got ${String(input)}.`);
  }
  return {
    d: requireInteger(input.d, `${where}d`, 1, 'the data dimension'),
    m: requireInteger(input.m ?? DEFAULT_WIDTH, `${where}m`, 1, 'the network width'),
    nTh: requireInteger(input.nTh ?? DEFAULT_LAYER_COUNT, `${where}nTh`, 2, 'the number of ResNet layers'),
  };
}

/** The ResNet's weights (numerics §2) by name in canonical order, PyTorch's out × in layout: K0, b0, K1, b1, …, K_M, b_M. */
export function resnetWeightShapes(size: ResNetSize): Record<string, number[]> {
  const { d, m, nTh } = size;
  const shapes: Record<string, number[]> = { K0: [m, d + 1], b0: [m] };
  for (let layer = 1; layer < nTh; layer++) {
    shapes[`K${layer}`] = [m, m];
    shapes[`b${layer}`] = [m];
  }
  return shapes;
}

/** A ResNet weight's shape in numerics §2's symbols (`m × (d+1)` for K0), for error messages; null for other names. */
export function describeResNetWeightShape(name: string): string | null {
  if (name === 'K0') return 'm × (d+1)';
  if (/^K\d+$/.test(name)) return 'm × m';
  if (/^b\d+$/.test(name)) return 'm';
  return null;
}
