import { Potential, type PotentialOptions } from './potential';
import type { PotentialConfig } from './potential-config';
import type { VelocityConfig } from './velocity-config';
import { VelocityNetwork, type VelocityNetworkOptions } from './velocity-network';

/**
 * The two models a flow can be built on, one interface for the loss, the trainer and the runtime (`kind`, `config`,
 * `d`, `trainableVariables`, `getWeights`/`setWeights`, `clone`, `dispose`):
 * - `potential`: OT-Flow's Φ(x, t) (numerics §2), velocity −∇Φ, with ∂tΦ for the HJB term;
 * - `velocity`: the analysis' v(x, t) network (numerics §6), with an exact divergence and no HJB term.
 */
export type FlowModel = Potential | VelocityNetwork;

export type FlowModelKind = FlowModel['kind'];

export const FLOW_MODEL_KINDS: readonly FlowModelKind[] = ['potential', 'velocity'];

/** A model's architecture: {@link PotentialConfig} or {@link VelocityConfig}. */
export type FlowModelConfig = PotentialConfig | VelocityConfig;

/** Options of {@link createFlowModel}: the architecture (`d` required; `r` only for a potential) and a seed. */
export type FlowModelOptions = PotentialOptions & VelocityNetworkOptions;

/** Checks a model kind named by a user or a file. */
export function checkFlowModelKind(kind: unknown, where = 'The model kind'): FlowModelKind {
  if (!FLOW_MODEL_KINDS.includes(kind as FlowModelKind)) {
    throw new Error(`${where} must be ${FLOW_MODEL_KINDS.map((k) => `"${k}"`).join(' or ')}, got ${JSON.stringify(kind) ?? String(kind)}.`);
  }
  return kind as FlowModelKind;
}

/** A new, initialized model of `kind`: a {@link Potential} or a {@link VelocityNetwork}. */
export function createFlowModel(kind: FlowModelKind, options: FlowModelOptions): FlowModel {
  if (checkFlowModelKind(kind) === 'potential') return new Potential(options);
  if (options.r !== undefined) throw new Error('r (the quadratic term’s rank) belongs to the potential; a velocity network has none.');
  return new VelocityNetwork({ d: options.d, m: options.m, nTh: options.nTh, seed: options.seed });
}

/** Whether `value` is a {@link VelocityNetwork}. */
export function isVelocityNetwork(value: unknown): value is VelocityNetwork {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'velocity';
}
