import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { centralDifference } from '../../../test/central-difference';
import { randomVelocityNetwork } from '../test/random-velocity-network';
import { randomMatrix, relativeError, vectorJacobianProduct } from '../test/vector-jacobian-product';
import { createPackedVelocityDynamics } from './velocity-dynamics';

interface Case {
  d: number;
  m: number;
  nTh: number;
  /** Batch rows; 128 and 256 take the padded-transpose path of the batch sums. */
  rows: number;
}

const CASES: Case[] = [
  { d: 1, m: 4, nTh: 2, rows: 7 },
  { d: 1, m: 5, nTh: 3, rows: 128 },
  { d: 1, m: 3, nTh: 4, rows: 5 },
  { d: 2, m: 5, nTh: 2, rows: 128 },
  { d: 2, m: 5, nTh: 3, rows: 11 },
  { d: 2, m: 4, nTh: 4, rows: 256 },
  { d: 5, m: 6, nTh: 2, rows: 9 },
  { d: 5, m: 6, nTh: 3, rows: 6 },
  { d: 5, m: 4, nTh: 4, rows: 13 },
];

describe('the velocity field’s hand-derived gradient', () => {
  it.each(CASES)('equals autodiff of the plain field (d = $d, nTh = $nTh, m = $m, n = $rows)', ({ d, m, nTh, rows }) => {
    const network = randomVelocityNetwork({ d, m, nTh }, `velocity-vjp-${d}-${nTh}`);
    // Every weight of a velocity network is trained, so the names line up with trainableVariables().
    const names = [...Object.keys(network.variablesByName()), 'state'];
    const state = tf.variable(randomMatrix(rows, d + 3, `velocity-state-${rows}-${d}`));
    const cotangent = randomMatrix(rows, d + 3, `velocity-cotangent-${rows}-${d}`);
    for (const t of [0, 0.7]) {
      const expected = vectorJacobianProduct(network, state, cotangent, t, { gradient: 'autodiff' });
      const results = (['store', 'recompute'] as const).map((checkpointing) => {
        const before = tf.memory().numTensors;
        const actual = vectorJacobianProduct(network, state, cotangent, t, { gradient: 'custom', checkpointing });
        expect(tf.memory().numTensors).toBe(before);
        expect(actual.output).toEqual(expected.output);
        expect(actual.gradients.length).toBe(2 * nTh + 3);
        expected.gradients.forEach((gradient, i) => {
          // Random weights and cotangents: every gradient is far from zero, so the relative error is meaningful.
          expect(Math.max(...gradient.map(Math.abs)), `${names[i]} is trivially small`).toBeGreaterThan(1e-2);
          expect(relativeError(actual.gradients[i], gradient), `${names[i]}, t = ${t}, ${checkpointing}`).toBeLessThan(1e-5);
        });
        // The state's ℓ, L, R columns do not enter the field: their gradient is exactly zero.
        const stateGradient = actual.gradients[actual.gradients.length - 1];
        for (let row = 0; row < rows; row++) expect(stateGradient.slice(row * (d + 3) + d, (row + 1) * (d + 3))).toEqual([0, 0, 0]);
        return actual;
      });
      // Recomputing repeats the very same forward ops: the gradients do not differ in a single bit.
      expect(results[1].gradients).toEqual(results[0].gradients);
    }
    tf.dispose([state, cotangent]);
    network.dispose();
  });

  it('moves the output as central differences say', () => {
    // Independent of autodiff: perturb one entry of each weight and of the state.
    const network = randomVelocityNetwork({ d: 2, m: 4, nTh: 3 }, 'velocity-fd');
    const state = tf.variable(randomMatrix(6, 5, 'velocity-fd-state'));
    const cotangent = randomMatrix(6, 5, 'velocity-fd-cotangent');
    const { gradients } = vectorJacobianProduct(network, state, cotangent, 0.6, { gradient: 'custom' });
    const valueAt = () =>
      tf.tidy(() => {
        const dynamics = createPackedVelocityDynamics(network);
        return tf.sum(tf.mul(dynamics(0.6, state as unknown as tf.Tensor2D), cotangent)).dataSync()[0];
      });
    const variables = [...network.trainableVariables(), state];
    const step = 1e-2;
    variables.forEach((variable, v) => {
      // The last entry: K0's time column, b_i's, W's, c's and the state's (an x column) last entries.
      const entry = variable === state ? 6 * 5 - 4 : variable.size - 1;
      const numeric = centralDifference(variable, entry, step, valueAt);
      expect(Math.abs(numeric)).toBeGreaterThan(1e-2);
      expect(Math.abs(gradients[v][entry] - numeric)).toBeLessThan(5e-3 + 2e-2 * Math.abs(numeric));
    });
    tf.dispose([state, cotangent]);
    network.dispose();
  });

  it('leaks no tensors across repeated gradient evaluations', () => {
    const network = randomVelocityNetwork({ d: 3, m: 5, nTh: 3 }, 'velocity-memory');
    const state = tf.variable(randomMatrix(10, 6, 'velocity-memory-state'));
    const cotangent = randomMatrix(10, 6, 'velocity-memory-cotangent');
    vectorJacobianProduct(network, state, cotangent, 0.2, { gradient: 'custom' });
    const before = tf.memory().numTensors;
    for (let call = 0; call < 3; call++) {
      vectorJacobianProduct(network, state, cotangent, 0.2 * call, { gradient: 'custom' });
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([state, cotangent]);
    network.dispose();
  });
});
