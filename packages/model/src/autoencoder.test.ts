import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/expect-close';
import { Autoencoder } from './autoencoder';
import { autoencoderParameterCount, autoencoderWeightShapes, resolveAutoencoderConfig } from './autoencoder-config';

/** relu/sigmoid(x·Wᵀ + b) in float64, the dense layer the autoencoder stacks. */
function denseReference(x: number[][], weight: Float32Array, bias: Float32Array, activation: (v: number) => number): number[][] {
  const out = bias.length;
  const inputs = weight.length / out;
  return x.map((row) =>
    Array.from({ length: out }, (_, j) => {
      let sum = bias[j];
      for (let k = 0; k < inputs; k++) sum += row[k] * weight[j * inputs + k];
      return activation(sum);
    }),
  );
}
const relu = (v: number) => Math.max(0, v);
const identity = (v: number) => v;
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('autoencoder config', () => {
  it("defaults to the reference's 784 → 128 → 784 with a ReLU latent", () => {
    expect(resolveAutoencoderConfig()).toEqual({ inputSize: 784, hidden: [], latentSize: 128, latentActivation: 'relu' });
    const shapes = autoencoderWeightShapes(resolveAutoencoderConfig());
    expect(shapes).toEqual({ encoderWeight0: [128, 784], encoderBias0: [128], decoderWeight0: [784, 128], decoderBias0: [784] });
    expect(autoencoderParameterCount(resolveAutoencoderConfig())).toBe(2 * 784 * 128 + 128 + 784);
  });

  it('mirrors hidden layers in the decoder', () => {
    const shapes = autoencoderWeightShapes(resolveAutoencoderConfig({ inputSize: 10, hidden: [6, 4], latentSize: 2 }));
    expect(Object.entries(shapes).filter(([name]) => name.includes('Weight'))).toEqual([
      ['encoderWeight0', [6, 10]], ['encoderWeight1', [4, 6]], ['encoderWeight2', [2, 4]],
      ['decoderWeight0', [4, 2]], ['decoderWeight1', [6, 4]], ['decoderWeight2', [10, 6]],
    ]);
  });

  const bad: [string, unknown, string][] = [
    ['a zero latent size', { latentSize: 0 }, 'latentSize (the latent dimension) must be an integer ≥ 1, got 0.'],
    ['a fractional width', { hidden: [3.5] }, 'hidden[0] (a hidden layer width) must be an integer ≥ 1, got 3.5.'],
    ['hidden not an array', { hidden: 3 }, 'hidden must be an array of layer widths, got 3.'],
    ['an unknown activation', { latentActivation: 'tanh' }, 'latentActivation must be "relu" or "identity", got "tanh".'],
    ['an unknown field', { width: 3 }, 'The autoencoder config has unknown fields width'],
  ];
  for (const [what, input, message] of bad) {
    it(`rejects ${what}`, () => expect(() => resolveAutoencoderConfig(input as never)).toThrow(message));
  }
});

describe('Autoencoder', () => {
  for (const latentActivation of ['relu', 'identity'] as const) {
    it(`encodes and decodes as dense layers (hidden [5], latent ${latentActivation})`, () => {
      const autoencoder = new Autoencoder({ inputSize: 7, hidden: [5], latentSize: 3, latentActivation, seed: 4 });
      const w = autoencoder.getWeights();
      const x = [[0.1, 0.9, 0.3, 0, 1, 0.5, 0.2], [1, 0, 0.25, 0.75, 0.5, 0.5, 0]];
      const hidden = denseReference(x, w.encoderWeight0, w.encoderBias0, relu);
      const code = denseReference(hidden, w.encoderWeight1, w.encoderBias1, latentActivation === 'relu' ? relu : identity);
      const back = denseReference(denseReference(code, w.decoderWeight0, w.decoderBias0, relu), w.decoderWeight1, w.decoderBias1, sigmoid);
      const input = tf.tensor2d(x);
      const encoded = autoencoder.encode(input);
      const decoded = autoencoder.decode(encoded);
      expectClose(encoded.dataSync(), code.flat(), { abs: 1e-6, rel: 1e-5 });
      expectClose(decoded.dataSync(), back.flat(), { abs: 1e-6, rel: 1e-5 });
      tf.dispose([input, encoded, decoded]);
      autoencoder.dispose();
    });
  }

  it('initializes as PyTorch does (U(±1/√fan-in)), reproducibly for a seed', () => {
    const a = new Autoencoder({ inputSize: 100, latentSize: 4, seed: 1 });
    const b = new Autoencoder({ inputSize: 100, latentSize: 4, seed: 1 });
    const weights = a.getWeights();
    expect(weights).toEqual(b.getWeights());
    expect(Math.max(...weights.encoderWeight0.map(Math.abs))).toBeLessThanOrEqual(0.1);
    expect(Math.max(...weights.encoderWeight0.map(Math.abs))).toBeGreaterThan(0.09);
    expect(Math.max(...weights.decoderBias0.map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(a.trainableVariables()).toHaveLength(4);
    a.dispose();
    b.dispose();
  });

  it('is differentiable with respect to its weights and frees its intermediates', () => {
    const autoencoder = new Autoencoder({ inputSize: 6, hidden: [4], latentSize: 2, seed: 2 });
    const x = tf.randomUniform([5, 6], 0, 1, 'float32', 3) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(autoencoder.decode(autoencoder.encode(x)), x))), autoencoder.trainableVariables());
    expect(Object.keys(grads)).toHaveLength(8);
    for (const gradient of Object.values(grads)) expect(gradient.dataSync().some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    autoencoder.dispose();
  });

  it('maps row-major values in batches, the same for any batch size, leaving no tensors', () => {
    const autoencoder = new Autoencoder({ inputSize: 6, hidden: [4], latentSize: 3, seed: 5 });
    const values = Float32Array.from({ length: 7 * 6 }, (_, i) => (i % 11) / 10);
    const before = tf.memory().numTensors;
    const codes = autoencoder.encodeValues(values, { batchSize: 3 });
    expect(codes).toEqual(autoencoder.encodeValues(values));
    expect(autoencoder.decodeValues(codes, { batchSize: 2 })).toEqual(autoencoder.decodeValues(codes));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => autoencoder.encodeValues(values.subarray(1))).toThrow('Autoencoder.encodeValues needs a Float32Array of whole rows of 6 values, got 41 values.');
    expect(() => autoencoder.decodeValues(codes, { batchSize: 0 })).toThrow('batchSize must be a positive integer, got 0.');
    autoencoder.dispose();
  });

  it('rejects inputs of the wrong width, wrong weights, and use after dispose', () => {
    const autoencoder = new Autoencoder({ inputSize: 6, latentSize: 2 });
    const x = tf.zeros([3, 5]) as tf.Tensor2D;
    expect(() => autoencoder.encode(x)).toThrow('Autoencoder.encode needs an n × 6 tensor (inputSize), got shape [3, 5].');
    expect(() => autoencoder.decode(x)).toThrow('Autoencoder.decode needs an n × 2 tensor (latentSize), got shape [3, 5].');
    const weights = autoencoder.getWeights();
    expect(() => autoencoder.setWeights({ ...weights, encoderBias0: new Float32Array(3) })).toThrow('weights.encoderBias0 must hold 2 numbers (shape [2]), got 3.');
    expect(() => new Autoencoder({ inputSize: 6, latentSize: 2, seed: 1 }, weights)).toThrow('Pass either a seed (to initialize) or initial weights, not both.');
    autoencoder.dispose();
    expect(() => autoencoder.encode(x)).toThrow('This autoencoder was disposed');
    x.dispose();
  });
});
