import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { centralDifference } from '../../../test/central-difference';
import { randomWeights } from '../test/random-weights';
import { randomMatrix, relativeError, vectorJacobianProduct } from '../test/vector-jacobian-product';
import { createPackedAugmentedDynamics } from './augmented-dynamics';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';

interface Case {
  config: PotentialConfig;
  /** Batch rows; 128 and 256 take the padded-transpose path of the batch sums. */
  rows: number;
}

const CASES: Case[] = [
  { config: { d: 1, m: 4, nTh: 2, r: 2 }, rows: 7 },
  { config: { d: 2, m: 5, nTh: 2, r: 3 }, rows: 128 },
  { config: { d: 5, m: 6, nTh: 2, r: 6 }, rows: 9 },
  { config: { d: 2, m: 5, nTh: 3, r: 3 }, rows: 11 },
  { config: { d: 5, m: 6, nTh: 3, r: 4 }, rows: 6 },
  { config: { d: 2, m: 4, nTh: 4, r: 3 }, rows: 256 },
  { config: { d: 1, m: 3, nTh: 4, r: 2 }, rows: 5 },
];

describe('the augmented field’s hand-derived gradient', () => {
  it.each(CASES)('equals autodiff of the plain field (d = $config.d, nTh = $config.nTh, n = $rows)', ({ config, rows }) => {
    const potential = Potential.fromWeights(config, randomWeights(config, `field-${config.d}-${config.nTh}`));
    const width = config.d + 3;
    const state = tf.variable(randomMatrix(rows, width, `state-${rows}`));
    const cotangent = randomMatrix(rows, width, `cotangent-${rows}`);
    for (const alphaL of [1, 2.5]) {
      const expected = vectorJacobianProduct(potential, state, cotangent, 0.3, { alphaL, gradient: 'autodiff' });
      for (const checkpointing of ['store', 'recompute'] as const) {
        const before = tf.memory().numTensors;
        const actual = vectorJacobianProduct(potential, state, cotangent, 0.3, { alphaL, gradient: 'custom', checkpointing });
        expect(tf.memory().numTensors).toBe(before);
        expect(relativeError(actual.output, expected.output)).toBeLessThan(2e-6);
        expected.gradients.forEach((gradient, i) => {
          expect(relativeError(actual.gradients[i], gradient), `gradient ${i}, α_L = ${alphaL}, ${checkpointing}`).toBeLessThan(1e-5);
        });
      }
    }
    tf.dispose([state, cotangent]);
    potential.dispose();
  });

  it('has a gradient that moves the output as central differences say', () => {
    // Independent of autodiff: perturb one weight entry and the state along the gradient's own prediction.
    const config: PotentialConfig = { d: 2, m: 4, nTh: 3, r: 3 };
    const potential = Potential.fromWeights(config, randomWeights(config, 'fd-field'));
    const state = tf.variable(randomMatrix(6, 5, 'fd-state'));
    const cotangent = randomMatrix(6, 5, 'fd-cotangent');
    const { gradients } = vectorJacobianProduct(potential, state, cotangent, 0.6, { gradient: 'custom' });
    const valueAt = () =>
      tf.tidy(() => {
        const dynamics = createPackedAugmentedDynamics(potential);
        return tf.sum(tf.mul(dynamics(0.6, state as unknown as tf.Tensor2D), cotangent)).dataSync()[0];
      });
    const variables = [...potential.trainableVariables(), state];
    const step = 1e-2;
    variables.forEach((variable, v) => {
      const entry = variable.size - 1;
      const numeric = centralDifference(variable, entry, step, valueAt);
      expect(Math.abs(gradients[v][entry] - numeric)).toBeLessThan(5e-3 + 2e-2 * Math.abs(numeric));
    });
    tf.dispose([state, cotangent]);
    potential.dispose();
  });

  it('rejects an unknown gradient or checkpointing, naming the choices', () => {
    const potential = new Potential({ d: 2, m: 4 });
    expect(() => createPackedAugmentedDynamics(potential, { gradient: 'numeric' as never })).toThrow(
      `gradient must be one of 'custom', 'autodiff', got "numeric".`,
    );
    expect(() => createPackedAugmentedDynamics(potential, { checkpointing: 'never' as never })).toThrow(
      `checkpointing must be one of 'auto', 'recompute', 'store', got "never".`,
    );
    const dynamics = createPackedAugmentedDynamics(potential);
    const wrong = tf.zeros([3, 4]) as tf.Tensor2D;
    expect(() => dynamics(0, wrong)).toThrow('state must be n × 5 (packed [x, ℓ, L, R], one sample per row), got shape [3, 4].');
    wrong.dispose();
    dynamics.dispose();
    potential.dispose();
  });
});
