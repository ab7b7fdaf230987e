import { Random } from '@otflow/random';
import { velocityWeightShapes, type VelocityConfig } from '../src/velocity-config';
import { VelocityNetwork } from '../src/velocity-network';

/**
 * A velocity network with every weight drawn from U(−bound, bound) in canonical order: unlike the initialization
 * (whose output layer is zero and whose residual layers are copies), it exercises every term of v and div v.
 */
export function randomVelocityNetwork(config: VelocityConfig, seed: number | string, bound = 0.8): VelocityNetwork {
  const random = new Random(seed);
  const weights: Record<string, ArrayLike<number>> = {};
  for (const [name, shape] of Object.entries(velocityWeightShapes(config))) {
    weights[name] = random.uniformArray(shape.reduce((a, b) => a * b, 1), -bound, bound);
  }
  return VelocityNetwork.fromWeights(config, weights);
}
