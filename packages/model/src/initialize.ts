import type { Random } from '@otflow/random';
import type { PotentialConfig } from './potential-config';
import type { WeightValues } from './network-weights';

function uniformValues(random: Random, count: number, bound: number): Float32Array {
  return Float32Array.from(random.uniformArray(count, -bound, bound));
}

/**
 * numerics §2's initial weights. Draws, in this order: K0 (row-major), b0 ~ U(±1/√(d+1)); K1, b1 ~ U(±1/√m);
 * A ~ Xavier U(±√(6/(r+d+1))). Residual layers 2..M start as copies of layer 1; w = 1, b = 0, c = 0.
 */
export function initialPotentialWeights(config: PotentialConfig, random: Random): WeightValues {
  const { d, m, nTh, r } = config;
  const openingBound = 1 / Math.sqrt(d + 1);
  const residualBound = 1 / Math.sqrt(m);
  const xavierBound = Math.sqrt(6 / (r + d + 1));
  const values: WeightValues = {
    K0: uniformValues(random, m * (d + 1), openingBound),
    b0: uniformValues(random, m, openingBound),
  };
  const K1 = uniformValues(random, m * m, residualBound);
  const b1 = uniformValues(random, m, residualBound);
  for (let layer = 1; layer < nTh; layer++) {
    values[`K${layer}`] = K1.slice();
    values[`b${layer}`] = b1.slice();
  }
  const A = uniformValues(random, r * (d + 1), xavierBound);
  values.w = new Float32Array(m).fill(1);
  values.A = A;
  values.b = new Float32Array(d + 1);
  values.c = new Float32Array(1);
  return values;
}
