import { describeResNetWeightShape, resnetWeightShapes, resolveResNetSize } from './resnet-size';

/** The architecture of a velocity network v(x, t) (the analysis' formulation, numerics §6): a ResNet with d outputs. */
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

/** Fills in defaults and validates a velocity network's config; `where` prefixes field names in error messages. */
export function resolveVelocityConfig(input: VelocityConfigInput, where = ''): VelocityConfig {
  return Object.freeze(resolveResNetSize(input, where));
}

/** Weight shapes by name in canonical order, PyTorch's out × in layout: K0, b0, …, K_M, b_M, W (d × m), c (d). */
export function velocityWeightShapes(config: VelocityConfig): Record<string, number[]> {
  const { d, m } = config;
  const shapes = resnetWeightShapes(config);
  shapes.W = [d, m];
  shapes.c = [d];
  return shapes;
}

/** A velocity weight's shape in symbols (`d × m` for W), for error messages. */
export function describeVelocityWeightShape(name: string): string {
  return describeResNetWeightShape(name) ?? (name === 'W' ? 'd × m' : 'd');
}

/** m(d+1) + m + M(m² + m) + dm + d. */
export function velocityParameterCount(config: VelocityConfig): number {
  return Object.values(velocityWeightShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
