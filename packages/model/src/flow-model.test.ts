import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  checkFlowModelKind,
  createFlowModel,
  FLOW_MODEL_KINDS,
  isVelocityNetwork,
  type FlowModel,
  type FlowModelKind,
} from './flow-model';
import { Potential } from './potential';
import { velocityWeightShapes } from './velocity-config';
import { VelocityNetwork } from './velocity-network';
import { potentialWeightShapes, shapeSize } from './weight-layout';

const kinds: readonly FlowModelKind[] = ['potential', 'velocity'];

/** What each kind's weights look like for { d: 2, m: 5, nTh: 3 } (r = 3 for the potential). */
const expected = {
  potential: {
    config: { d: 2, m: 5, nTh: 3, r: 3 },
    shapes: potentialWeightShapes({ d: 2, m: 5, nTh: 3, r: 3 }),
    name: 'potential',
    owner: 'a potential with nTh = 3',
  },
  velocity: {
    config: { d: 2, m: 5, nTh: 3 },
    shapes: velocityWeightShapes({ d: 2, m: 5, nTh: 3 }),
    name: 'velocity network',
    owner: 'a velocity network with nTh = 3',
  },
} as const;

function makeModel(kind: FlowModelKind, seed: number | string = 1): FlowModel {
  return createFlowModel(kind, { d: 2, m: 5, nTh: 3, seed });
}

/** Weights of the right shapes that differ from any initialization: entry i of every array is `offset + i/100`. */
function distinctWeights(kind: FlowModelKind, offset: number): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(expected[kind].shapes).map(([name, shape]) => [
      name,
      Float32Array.from({ length: shapeSize(shape) }, (_, i) => offset + i / 100),
    ]),
  );
}

const asArrays = (values: Record<string, Float32Array>) =>
  Object.fromEntries(Object.entries(values).map(([name, array]) => [name, Array.from(array)]));

describe('createFlowModel', () => {
  it('lists the two kinds and checks a kind by name', () => {
    expect(FLOW_MODEL_KINDS).toEqual(['potential', 'velocity']);
    expect(checkFlowModelKind('velocity')).toBe('velocity');
    expect(() => checkFlowModelKind('flow')).toThrow('The model kind must be "potential" or "velocity", got "flow".');
    expect(() => checkFlowModelKind(undefined, '"modelKind"')).toThrow('"modelKind" must be "potential" or "velocity", got undefined.');
  });

  it.each(kinds)('makes a %s with its config and a parameter count that sums the weight sizes', (kind) => {
    const model = makeModel(kind);
    expect(model.kind).toBe(kind);
    expect(model).toBeInstanceOf(kind === 'potential' ? Potential : VelocityNetwork);
    expect(isVelocityNetwork(model)).toBe(kind === 'velocity');
    expect(model.config).toEqual(expected[kind].config);
    expect(model.d).toBe(2);
    const weights = model.getWeights();
    expect(Object.keys(weights)).toEqual(Object.keys(expected[kind].shapes));
    for (const [name, shape] of Object.entries(expected[kind].shapes)) expect(weights[name].length, name).toBe(shapeSize(shape));
    const total = Object.values(weights).reduce((sum, values) => sum + values.length, 0);
    expect(model.parameterCount).toBe(total);
    // m(d+1) + m + M(m² + m), then w, A, b, c for the potential or W, c for the velocity network.
    expect(total).toBe(15 + 5 + 2 * 30 + (kind === 'potential' ? 5 + 9 + 3 + 1 : 10 + 2));
    model.dispose();
  });

  it.each(kinds)('initializes a %s reproducibly: the same seed gives the same weights, another seed others', (kind) => {
    const [a, b, c] = [7, 7, 8].map((seed) => makeModel(kind, seed));
    expect(asArrays(a.getWeights())).toEqual(asArrays(b.getWeights()));
    expect(Array.from(a.getWeights().K0)).not.toEqual(Array.from(c.getWeights().K0));
    expect(Array.from(a.getWeights().b1)).not.toEqual(Array.from(c.getWeights().b1));
    [a, b, c].forEach((model) => model.dispose());
  });

  it('rejects a rank r for a velocity network and an unknown kind', () => {
    const before = tf.memory().numTensors;
    expect(() => createFlowModel('velocity', { d: 2, r: 3 })).toThrow(
      'r (the quadratic term’s rank) belongs to the potential; a velocity network has none.',
    );
    expect(() => createFlowModel('flow' as FlowModelKind, { d: 2 })).toThrow('The model kind must be "potential" or "velocity", got "flow".');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(kinds)('the shared model interface on a %s', (kind) => {
  const { name, owner } = expected[kind];
  const names = Object.keys(expected[kind].shapes);

  it('returns copies from getWeights: mutating them leaves the model unchanged', () => {
    const model = makeModel(kind);
    const original = asArrays(model.getWeights());
    const copy = model.getWeights();
    for (const values of Object.values(copy)) values.fill(42);
    expect(asArrays(model.getWeights())).toEqual(original);
    model.dispose();
  });

  it('round-trips setWeights, from Float32Arrays and from plain arrays', () => {
    const model = makeModel(kind);
    const weights = distinctWeights(kind, 0.25);
    model.setWeights(weights);
    expect(asArrays(model.getWeights())).toEqual(asArrays(weights));
    const plain = asArrays(distinctWeights(kind, -0.5));
    model.setWeights(plain);
    expect(asArrays(model.getWeights())).toEqual(asArrays(distinctWeights(kind, -0.5)));
    model.dispose();
  });

  it('rejects missing, extra, wrongly sized and non-finite weights with exact messages, changing nothing', () => {
    const model = makeModel(kind);
    const before = asArrays(model.getWeights());
    const good = distinctWeights(kind, 0.1);

    const { b1: _dropped, ...missing } = good;
    expect(() => model.setWeights(missing)).toThrow('weights is missing "b1" (shape [5]).');

    expect(() => model.setWeights({ ...good, extra: [1] })).toThrow(
      `weights has unexpected entries "extra"; ${owner} has exactly ${names.join(', ')}.`,
    );

    expect(() => model.setWeights({ ...good, K0: new Float32Array(14) })).toThrow(
      'weights.K0 must hold 15 numbers (shape [5, 3]), got 14.',
    );

    const withNaN = Float32Array.from(good.b0);
    withNaN[2] = Number.NaN;
    expect(() => model.setWeights({ ...good, b0: withNaN })).toThrow('weights.b0[2] is NaN: every weight must be finite.');

    const withInfinity = Array.from(good.K1);
    withInfinity[7] = Number.POSITIVE_INFINITY;
    expect(() => model.setWeights({ ...good, K1: withInfinity })).toThrow('weights.K1[7] is Infinity: every weight must be finite.');

    // Validation happens before any variable is assigned.
    expect(asArrays(model.getWeights())).toEqual(before);
    model.dispose();
  });

  it('clones into an independent model', () => {
    const model = makeModel(kind);
    const original = asArrays(model.getWeights());
    const clone = model.clone();
    expect(clone.kind).toBe(kind);
    expect(clone.config).toEqual(model.config);
    expect(asArrays(clone.getWeights())).toEqual(original);
    clone.setWeights(distinctWeights(kind, 0.3));
    expect(asArrays(model.getWeights())).toEqual(original);
    model.setWeights(distinctWeights(kind, -0.3));
    expect(asArrays(clone.getWeights())).toEqual(asArrays(distinctWeights(kind, 0.3)));
    clone.dispose();
    expect(model.isDisposed).toBe(false);
    expect(asArrays(model.getWeights())).toEqual(asArrays(distinctWeights(kind, -0.3)));
    // A clone holding other weights: checked like setWeights, and the original keeps its own.
    const other = model.clone(distinctWeights(kind, 0.5));
    expect(other.kind).toBe(kind);
    expect(asArrays(other.getWeights())).toEqual(asArrays(distinctWeights(kind, 0.5)));
    expect(asArrays(model.getWeights())).toEqual(asArrays(distinctWeights(kind, -0.3)));
    expect(() => model.clone({ K0: [1] })).toThrow('weights.K0 must hold');
    other.dispose();
    model.dispose();
  });

  it(`trains ${kind === 'potential' ? 'every variable but c' : 'every variable'}`, () => {
    const model = makeModel(kind);
    const byName = model.variablesByName();
    expect(Object.keys(byName)).toEqual(names);
    const trainableNames = kind === 'potential' ? names.filter((n) => n !== 'c') : names;
    expect(model.trainableVariables()).toEqual(trainableNames.map((n) => byName[n]));
    expect(model.trainableVariables().every((variable) => variable.trainable)).toBe(true);
    if (kind === 'potential') expect(byName.c.trainable).toBe(false);
    model.dispose();
  });

  it('is unusable after dispose, with a message that names the model, and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const model = makeModel(kind);
    const clone = model.clone();
    expect(tf.memory().numTensors).toBe(before + 2 * names.length);
    model.dispose();
    expect(model.isDisposed).toBe(true);
    const message = `This ${name} was disposed; create or load a new one.`;
    expect(() => model.getWeights()).toThrow(message);
    expect(() => model.setWeights(distinctWeights(kind, 0))).toThrow(message);
    expect(() => model.clone()).toThrow(message);
    expect(clone.isDisposed).toBe(false);
    clone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
