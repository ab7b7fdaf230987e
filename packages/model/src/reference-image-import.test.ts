import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { torchFixtureBytes, torchFixtureJson, type MnistFixtureExpectations } from '../../../test/torch-fixtures';
import { expectClose } from '../test/expect-close';
import { Autoencoder } from './autoencoder';
import { modelFileToJSON, parseModelFile, serializeModel } from './model-file';
import { importReferenceCheckpoint } from './reference-image-import';
import { readTorchCheckpoint } from './torch/torch-checkpoint';

const expected = torchFixtureJson<MnistFixtureExpectations>('mnist-expected.json');

function importFixture(file: string) {
  return importReferenceCheckpoint(readTorchCheckpoint(torchFixtureBytes(file), file).value);
}

describe('importReferenceCheckpoint (an MNIST checkpoint of the authors\' code)', () => {
  for (const file of ['mnist-legacy.pth', 'mnist-zip.pth']) {
    it(`maps ${file} to a potential, an autoencoder, the latent standardization and the image spec`, () => {
      const imported = importFixture(file);
      const { potential, image } = imported;
      expect(potential.config).toEqual({ d: expected.d, m: expected.m, nTh: expected.nTh, r: expected.r });
      expect(imported.alph).toEqual([1, 80, 500]);
      expect(imported.args).toEqual(expected.args);
      expect(image?.eps).toBe(1e-6);
      expect(image?.spec).toEqual({ width: 28, height: 28, channels: 1, pixelNormalization: { mean: 0.1307, std: 0.3081 }, decoderOutput: 'normalized-pixels' });
      expect(image?.autoencoder.config).toEqual({ inputSize: 784, hidden: [], latentSize: expected.d, latentActivation: 'relu' });
      const float32 = file.includes('zip');
      expectClose(image!.normalization.mean, expected.mu[0], { rel: float32 ? 1e-7 : 0 });
      expectClose(image!.normalization.std, expected.std[0].map((s) => s + 1e-6), { rel: float32 ? 1e-7 : 1e-15 });

      // The authors' encoding, (encode((p − 0.1307)/0.3081) − mu)/(std + eps), against PyTorch's float64 codes.
      const autoencoder = Autoencoder.fromWeights(image!.autoencoder.config, image!.autoencoder.weights);
      const { mean, std } = image!.normalization;
      const codes = tf.tidy(() => {
        const pixels = tf.div(tf.sub(tf.tensor2d(expected.images), 0.1307), 0.3081) as tf.Tensor2D;
        return tf.div(tf.sub(autoencoder.encode(pixels), tf.tensor1d(mean)), tf.tensor1d(std));
      });
      expectClose(codes.dataSync(), expected.codes.flat(), { abs: 2e-5, rel: 2e-5 });
      // Decoding PyTorch's generated latents z·(std + eps) + mu.
      const decoded = tf.tidy(() => autoencoder.decode(tf.add(tf.mul(tf.tensor2d(expected.generated_latent), tf.tensor1d(std)), tf.tensor1d(mean)) as tf.Tensor2D));
      expectClose(decoded.dataSync(), expected.decoded.flat(), { abs: 2e-6 });
      tf.dispose([codes, decoded]);
      autoencoder.dispose();

      // One model file holds it all, and reads back the same.
      const text = modelFileToJSON(serializeModel(potential, { normalization: image!.normalization, autoencoder: image!.autoencoder, image: image!.spec }));
      const loaded = parseModelFile(text);
      expect(JSON.parse(text).version).toBe(2);
      expect(loaded.image).toEqual(image!.spec);
      expect(loaded.autoencoder?.weights).toEqual(image!.autoencoder.weights);
      expect(loaded.model.getWeights()).toEqual(potential.getWeights());
      loaded.model.dispose();
      potential.dispose();
    });
  }

  it('imports a checkpoint without an autoencoder as a plain potential', () => {
    const value = readTorchCheckpoint(torchFixtureBytes('mnist-zip.pth')).value as Map<string, unknown>;
    value.delete('autoencoder');
    const imported = importReferenceCheckpoint(value);
    expect(imported.image).toBeNull();
    imported.potential.dispose();
  });

  it('names what is wrong with a checkpoint it cannot import', () => {
    const fresh = () => readTorchCheckpoint(torchFixtureBytes('mnist-zip.pth')).value as Map<string, Map<string, unknown>>;
    const cases: [string, (value: Map<string, Map<string, unknown>>) => unknown, string][] = [
      ['not a dict', () => [1, 2], 'A reference checkpoint must be a dict with "state_dict"'],
      ['an extra entry', (v) => v.set('optimizer', new Map()), 'The checkpoint has unexpected entries "optimizer"; the authors\' checkpoints hold args, state_dict, autoencoder.'],
      ['no state_dict', (v) => v.delete('state_dict'), 'The checkpoint has no "state_dict": it holds no OT-Flow potential.'],
      ['no mu', (v) => v.get('autoencoder')!.delete('mu'), 'The checkpoint\'s autoencoder is missing "mu" (the latent mean, shape [1, 4]).'],
      ['an extra autoencoder entry', (v) => v.get('autoencoder')!.set('layer3.weight', 1), 'The checkpoint\'s autoencoder has unexpected entries "layer3.weight"'],
      ['a mis-shaped decoder', (v) => v.get('autoencoder')!.set('layer2.bias', v.get('autoencoder')!.get('layer1.bias')), 'The checkpoint\'s autoencoder["layer2.bias"] (the decoder bias) has shape [4], expected [784].'],
      ['a latent size that is not d', (v) => v.get('autoencoder')!.set('mu', v.get('state_dict')!.get('c.weight')), 'The checkpoint\'s autoencoder["mu"] (the latent mean) has shape [1, 5], expected [1, 4].'],
    ];
    const before = tf.memory().numTensors;
    for (const [what, change, message] of cases) {
      const value = fresh();
      const changed = change(value);
      const input = Array.isArray(changed) ? changed : value;
      expect(() => importReferenceCheckpoint(input), what).toThrow(message);
    }
    expect(tf.memory().numTensors).toBe(before); // a potential built before an error is disposed
  });
});
