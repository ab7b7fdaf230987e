import type * as tf from '@tensorflow/tfjs-core';
import { createPackedAugmentedDynamics, createVelocityField, type DynamicsOptions } from './augmented-dynamics';
import type { PotentialSource } from './evaluation-input';
import { isVelocityNetwork } from './flow-model';
import { createPackedVelocityDynamics, createVelocityNetworkField } from './velocity-dynamics';
import type { VelocityNetwork } from './velocity-network';

/** What the flow's dynamics accept: a potential (its weights, or prepared) or a velocity network. */
export type FlowSource = PotentialSource | VelocityNetwork;

/** A right-hand side f(t, y) for an ODE solver; dispose() frees what its factory prepared. */
export type FlowDynamics<State> = ((t: number, state: State) => State) & { dispose(): void };

/**
 * The augmented right-hand side on the packed state Y = [x | ℓ | L | R] (n × (d+3)) for either model kind: numerics §4's
 * for a potential, and x′ = v, ℓ′ = div v, L′ = ½‖v‖², R′ = 0 for a velocity network. `gradient` applies to both
 * (`custom`, the default: a hand-derived gradient per evaluation; `autodiff`: plain tfjs ops), and so does
 * `checkpointing` (what the custom gradient keeps: `store`, `recompute` or `auto`); a velocity network has no HJB term
 * and ignores `alphaL`. The loss, the trainer and the runtime integrate this one definition of the flow's dynamics.
 */
export function createFlowDynamics(source: FlowSource, options: DynamicsOptions = {}): FlowDynamics<tf.Tensor2D> {
  return isVelocityNetwork(source)
    ? createPackedVelocityDynamics(source, { gradient: options.gradient, checkpointing: options.checkpointing })
    : createPackedAugmentedDynamics(source, options);
}

/** The velocity x′ alone (no densities), for moving samples: −∇_xΦ/α_L for a potential, v for a velocity network. */
export function createFlowVelocityField(source: FlowSource, options: DynamicsOptions = {}): FlowDynamics<tf.Tensor2D> {
  return isVelocityNetwork(source) ? createVelocityNetworkField(source) : createVelocityField(source, options);
}
