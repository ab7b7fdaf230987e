import type { PotentialConfig } from './potential-config';
import { describeResNetWeightShape, resnetWeightShapes } from './resnet-size';

/**
 * Names of a potential's weights in their canonical order: K0, b0, K1, b1, …, K_M, b_M, w, A, b, c. Weights use
 * PyTorch's Linear layout (out × in) so the reference state_dict maps onto them one to one.
 */
export function potentialWeightNames(config: PotentialConfig): string[] {
  const names: string[] = [];
  for (let layer = 0; layer < config.nTh; layer++) names.push(`K${layer}`, `b${layer}`);
  names.push('w', 'A', 'b', 'c');
  return names;
}

/** The shape of every weight (numerics §2), keyed by name in canonical order; c is a scalar (shape []). */
export function potentialWeightShapes(config: PotentialConfig): Record<string, number[]> {
  const { d, m, r } = config;
  const shapes = resnetWeightShapes(config);
  shapes.w = [m];
  shapes.A = [r, d + 1];
  shapes.b = [d + 1];
  shapes.c = [];
  return shapes;
}

/** A weight's shape in numerics §2's symbols, for error messages: `m × (d+1)` for K0. */
export function describeWeightShape(name: string): string {
  const resnet = describeResNetWeightShape(name);
  if (resnet !== null) return resnet;
  if (name === 'w') return 'm';
  if (name === 'A') return 'r × (d+1)';
  if (name === 'b') return 'd+1';
  return 'a scalar';
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((size, extent) => size * extent, 1);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

