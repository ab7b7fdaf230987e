import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { randomPoints, randomWeights } from '../test/random-weights';
import { randomVelocityNetwork } from '../test/random-velocity-network';
import { createPackedAugmentedDynamics, type DynamicsGradient } from './augmented-dynamics';
import { createFlowDynamics, createFlowVelocityField, type FlowSource } from './flow-dynamics';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { preparePotential } from './prepared-potential';
import { velocityAndDivergence } from './velocity-divergence';

const potentialConfig: PotentialConfig = { d: 3, m: 6, nTh: 3, r: 2 };

function randomPotential(): Potential {
  return Potential.fromWeights(potentialConfig, randomWeights(potentialConfig, 'flow-dynamics'));
}

/** A packed state [x | ℓ | L | R] whose ℓ, L, R columns are arbitrary: the field must not read them. */
function packedState(x: number[][]): tf.Tensor2D {
  return tf.tensor2d(x.map((row, i) => [...row, 3 + i, -2 * i, 7]));
}

function evaluate(field: (t: number, y: tf.Tensor2D) => tf.Tensor2D, t: number, state: tf.Tensor2D): number[][] {
  const result = field(t, state);
  const values = result.arraySync();
  result.dispose();
  return values;
}

describe('createFlowDynamics', () => {
  it('is numerics §4’s packed field for a potential (given weights or prepared, α_L = 1 and 2)', () => {
    const potential = randomPotential();
    const prepared = preparePotential(potential);
    const state = packedState(randomPoints(5, 3, 'flow-dynamics-x'));
    for (const options of [{}, { alphaL: 2 }, { alphaL: 2, gradient: 'autodiff' as const }]) {
      for (const source of [potential, prepared] as FlowSource[]) {
        const flow = createFlowDynamics(source, options);
        const packed = createPackedAugmentedDynamics(potential, options);
        for (const t of [0, 0.35, 1]) {
          const got = evaluate(flow, t, state);
          const want = evaluate(packed, t, state);
          expect(got.map((row) => row.length)).toEqual(new Array(5).fill(6));
          expectClose(got.flat(), want.flat(), { rel: 1e-6, abs: 1e-7 });
        }
        flow.dispose();
        packed.dispose();
      }
    }
    // Each pass reuses `prepared` after disposing the dynamics built on it: they do not free what they were given.
    prepared.dispose();
    tf.dispose(state);
    potential.dispose();
  });

  it('is [v | div v | ½‖v‖² | 0] for a velocity network, with an R column exactly 0', () => {
    const network = randomVelocityNetwork({ d: 3, m: 7, nTh: 3 }, 'flow-dynamics-v');
    const points = randomPoints(6, 3, 'flow-dynamics-vx');
    const state = packedState(points);
    const x = tf.tensor2d(points);
    // α_L scales a potential's velocity; a velocity network has no α_L and ignores it.
    for (const options of [{}, { alphaL: 2 }, { gradient: 'autodiff' as const }]) {
      const flow = createFlowDynamics(network, options);
      for (const t of [0, 0.6, 1]) {
        const got = evaluate(flow, t, state);
        const { velocity, divergence } = velocityAndDivergence(network, x, t);
        const v = velocity.arraySync();
        const div = divergence.arraySync();
        tf.dispose([velocity, divergence]);
        const want = v.map((row, i) => [...row, div[i][0], 0.5 * row.reduce((sum, value) => sum + value * value, 0)]);
        expectClose(got.flatMap((row) => row.slice(0, 5)), want.flat(), { rel: 1e-6, abs: 1e-7 });
        expect(got.map((row) => row[5])).toEqual(new Array(6).fill(0));
        // Random weights give a field that is not trivially zero.
        expect(Math.max(...got.flatMap((row) => row.slice(0, 4).map(Math.abs)))).toBeGreaterThan(0.1);
      }
      flow.dispose();
    }
    tf.dispose([state, x]);
    network.dispose();
  });

  it('passes `gradient` to a velocity network: custom and autodiff give the same vector-Jacobian product', () => {
    const network = randomVelocityNetwork({ d: 2, m: 5, nTh: 3 }, 'flow-dynamics-vjp');
    expect(() => createFlowDynamics(network, { gradient: 'numeric' as never })).toThrow(`gradient must be one of 'custom', 'autodiff'`);
    const state = tf.variable(packedState(randomPoints(8, 2, 'flow-dynamics-vjp-x')));
    const cotangent = tf.tensor2d(randomPoints(8, 5, 'flow-dynamics-vjp-cotangent'));
    const variables = [...network.trainableVariables(), state];
    const gradientsWith = (gradient: DynamicsGradient): number[][] => {
      const { value, grads } = tf.variableGrads(() => {
        const flow = createFlowDynamics(network, { gradient });
        return tf.sum(tf.mul(flow(0.4, state as unknown as tf.Tensor2D), cotangent)) as tf.Scalar;
      }, variables);
      const values = variables.map((variable) => Array.from(grads[variable.name].dataSync()));
      tf.dispose([value, ...Object.values(grads)]);
      return values;
    };
    const expected = gradientsWith('autodiff');
    gradientsWith('custom').forEach((gradient, i) => expectClose(gradient, expected[i], { rel: 1e-4, abs: 1e-5 }));
    tf.dispose([state, cotangent]);
    network.dispose();
  });
});

describe('createFlowVelocityField', () => {
  it.each(['potential', 'velocity'] as const)('gives the x′ columns of the augmented field for a %s', (kind) => {
    const model = kind === 'potential' ? randomPotential() : randomVelocityNetwork({ d: 3, m: 7, nTh: 3 }, 'flow-velocity-field');
    const points = randomPoints(4, 3, `flow-velocity-${kind}`);
    const state = packedState(points);
    const x = tf.tensor2d(points);
    for (const options of [{}, { alphaL: 2 }]) {
      const field = createFlowVelocityField(model, options);
      const augmented = createFlowDynamics(model, options);
      for (const t of [0, 0.25, 1]) {
        const moved = evaluate(field, t, x);
        expect(moved.map((row) => row.length)).toEqual([3, 3, 3, 3]);
        const packed = evaluate(augmented, t, state);
        expectClose(moved.flat(), packed.flatMap((row) => row.slice(0, 3)), { rel: 1e-5, abs: 1e-6 });
      }
      field.dispose();
      augmented.dispose();
    }
    tf.dispose([state, x]);
    model.dispose();
  });
});

describe('flow dynamics memory', () => {
  it.each(['potential', 'velocity'] as const)('leaks no tensors for a %s once disposed', (kind) => {
    const model = kind === 'potential' ? randomPotential() : randomVelocityNetwork({ d: 3, m: 5, nTh: 2 }, 'flow-memory');
    const points = randomPoints(3, 3, 'flow-memory-x');
    const state = packedState(points);
    const x = tf.tensor2d(points);
    const before = tf.memory().numTensors;
    for (let call = 0; call < 3; call++) {
      const dynamics = createFlowDynamics(model);
      const field = createFlowVelocityField(model);
      tf.dispose([dynamics(0.5, state), field(0.5, x), dynamics(1, state)]);
      dynamics.dispose();
      field.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([state, x]);
    model.dispose();
  });
});
