import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { evaluateReference } from '../test/float64-reference';
import { randomPoints, randomWeights } from '../test/random-weights';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { specConfig, specPoints, specValues, specWeights } from '../../../test/spec-vectors';
import { Potential } from './potential';
import type { PotentialConfig } from './potential-config';
import { potentialValue } from './potential-value';
import { importReferenceStateDict } from './reference-import';

function values(potential: Potential, points: number[][]): number[] {
  return tf.tidy(() => Array.from(potentialValue(potential, tf.tensor2d(points)).dataSync()));
}

describe('potentialValue', () => {
  it('reproduces numerics §11', () => {
    const potential = Potential.fromWeights(specConfig, specWeights);
    expectClose(values(potential, specPoints), specValues, { rel: 1e-6 });
    potential.dispose();
  });

  it('reproduces the reference fixture: Φ at t = 0 for the first 4 points', () => {
    const fixture = readReferenceFixture();
    const potential = importReferenceStateDict(fixture);
    const points = fixture.points.slice(0, 4).map((x) => [...x, 0]);
    expectClose(values(potential, points), fixture.phi_at_t0_first4, { rel: 1e-4 });
    potential.dispose();
  });

  it('matches the float64 formula for random weights and depths, c included', () => {
    for (const nTh of [2, 3, 5]) {
      const config: PotentialConfig = { d: 3, m: 7, nTh, r: 2 };
      const weights = randomWeights(config, `phi${nTh}`);
      const points = randomPoints(6, 4, `phi-s${nTh}`);
      const potential = Potential.fromWeights(config, weights);
      expectClose(values(potential, points), points.map((s) => evaluateReference(config, weights, s).value), { rel: 1e-5, abs: 1e-5 });
      potential.dispose();
    }
  });

  it('leaks no tensors', () => {
    const potential = new Potential({ d: 2, m: 4 });
    const s = tf.tensor2d(randomPoints(3, 3, 'phi-leak'));
    const before = tf.memory().numTensors;
    tf.dispose(potentialValue(potential, s));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(s);
    potential.dispose();
  });
});
