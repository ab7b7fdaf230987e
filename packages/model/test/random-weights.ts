// Random weights that are not an initialization: every residual layer differs and w, b, c are not 1, 0, 0.
import { Random } from '@otflow/random';
import type { PotentialConfig } from '../src/potential-config';
import { potentialWeightShapes, shapeSize } from '../src/weight-layout';

export function randomWeights(config: PotentialConfig, seed: number | string, scale = 0.6): Record<string, Float32Array> {
  const random = new Random(seed);
  const weights: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(potentialWeightShapes(config))) {
    weights[name] = Float32Array.from(random.uniformArray(shapeSize(shape), -scale, scale));
  }
  return weights;
}

/** n points with coordinates uniform in (−range, range), row-major. */
export function randomPoints(n: number, columns: number, seed: number | string, range = 1.5): number[][] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => Array.from(random.uniformArray(columns, -range, range)));
}
