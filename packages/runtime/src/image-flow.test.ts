import * as tf from '@tensorflow/tfjs-core';
import { importReferenceCheckpoint, modelFileToJSON, Potential, readTorchCheckpoint, serializeModel } from '@otflow/model';
import { describe, expect, it } from 'vitest';
import { torchFixtureBytes, torchFixtureJson, type MnistFixtureExpectations } from '../../../test/torch-fixtures';
import type { ImageFlow } from './image-flow';
import { loadImageFlow } from './load-image-flow';

const expected = torchFixtureJson<MnistFixtureExpectations>('mnist-expected.json');

/** The reference-format MNIST checkpoint fixture, imported into one model file (as `otflow import-reference` does). */
function referenceModelFile(file = 'mnist-legacy.pth'): string {
  const { potential, image } = importReferenceCheckpoint(readTorchCheckpoint(torchFixtureBytes(file)).value);
  const text = modelFileToJSON(serializeModel(potential, { normalization: image!.normalization, autoencoder: image!.autoencoder, image: image!.spec }));
  potential.dispose();
  return text;
}

function maxAbsoluteError(actual: ArrayLike<number>, wanted: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < wanted.length; i++) worst = Math.max(worst, Math.abs(actual[i] - wanted[i]));
  return worst;
}

describe('ImageFlow on an imported reference-format MNIST checkpoint', () => {
  for (const file of ['mnist-legacy.pth', 'mnist-zip.pth']) {
    it(`decodes PyTorch's samples and encodes its images (${file}, nt = 16)`, async () => {
      const flow = await loadImageFlow(referenceModelFile(file));
      expect(flow.image.decoderOutput).toBe('normalized-pixels');
      const decoded = await flow.decode(expected.normals, { nt: expected.nt });
      expect(decoded).toMatchObject({ count: 3, width: 28, height: 28 });
      expect(maxAbsoluteError(decoded.data, expected.decoded.flat())).toBeLessThan(1e-4);
      const codes = await flow.encode(expected.images, { nt: expected.nt });
      expect(maxAbsoluteError(codes.data, expected.z.flat())).toBeLessThan(1e-4);
      const nll = await flow.latentNll(expected.images, { nt: expected.nt });
      expect(maxAbsoluteError(nll, expected.nll)).toBeLessThan(1e-4);
      const standardized = flow.standardizedLatent(expected.images);
      expect(maxAbsoluteError(standardized.data, expected.codes.flat())).toBeLessThan(1e-4);
      flow.dispose();
    });
  }
});

describe('ImageFlow', () => {
  async function withFlow(run: (flow: ImageFlow) => Promise<void>): Promise<void> {
    const flow = await loadImageFlow(referenceModelFile());
    try {
      await run(flow);
    } finally {
      flow.dispose();
    }
  }

  it('samples images reproducibly for a seed, with pixel values in [0, 1]', () =>
    withFlow(async (flow) => {
      const first = await flow.sample(5, { seed: 3, nt: 4 });
      const again = await flow.sample(5, { seed: 3, nt: 4, batchSize: 2 });
      expect(first.count).toBe(5);
      expect(first.data.length).toBe(5 * 784);
      expect(first.data.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(maxAbsoluteError(again.data, first.data)).toBeLessThan(1e-6);
      const other = await flow.sample(5, { seed: 4, nt: 4 });
      expect(maxAbsoluteError(other.data, first.data)).toBeGreaterThan(1e-3);
    }));

  it('interpolates between two images through the Gaussian space, ends included', () =>
    withFlow(async (flow) => {
      const [a, b] = expected.images;
      const path = await flow.interpolate(a, b, { steps: 5, nt: 16 });
      expect(path.count).toBe(5);
      const pixels = 784;
      // The ends are the images' own round trips: encode then decode (the autoencoder's reconstructions).
      const ends = flow.reconstruct([a, b]);
      expect(maxAbsoluteError(path.data.subarray(0, pixels), ends.data.subarray(0, pixels))).toBeLessThan(1e-3);
      expect(maxAbsoluteError(path.data.subarray(4 * pixels), ends.data.subarray(pixels))).toBeLessThan(1e-3);
      expect(maxAbsoluteError(path.data.subarray(2 * pixels, 3 * pixels), ends.data.subarray(0, pixels))).toBeGreaterThan(1e-3);
    }));

  it('keeps the tensor count flat across calls', () =>
    withFlow(async (flow) => {
      await flow.sample(2, { nt: 2 });
      const before = tf.memory().numTensors;
      await flow.sample(3, { nt: 2 });
      await flow.encode(expected.images, { nt: 2 });
      await flow.decode(expected.normals, { nt: 2 });
      await flow.interpolate(expected.images[0], expected.images[1], { steps: 3, nt: 2 });
      await flow.latentNll(expected.images, { nt: 2 });
      flow.reconstruct(expected.images);
      expect(tf.memory().numTensors).toBe(before);
    }));

  it('accepts bytes (0–255) as well as intensities', () =>
    withFlow(async (flow) => {
      const bytes = Uint8Array.from(expected.images[0], (v) => Math.round(v * 255));
      const fromBytes = flow.reconstruct(bytes);
      const fromFloats = flow.reconstruct(Float32Array.from(bytes, (v) => v / 255));
      expect(maxAbsoluteError(fromBytes.data, fromFloats.data)).toBe(0);
    }));

  it('rejects images of the wrong size or range, and bad options, saying what is wrong', () =>
    withFlow(async (flow) => {
      await expect(flow.encode(new Float32Array(700))).rejects.toThrow('images holds 700 pixels, which is not a whole number of 28 × 28 images (784 pixels each).');
      await expect(flow.encode([new Array(783).fill(0)])).rejects.toThrow('images[0] must hold 784 pixels (a 28 × 28 image), got 783 values.');
      const bright = new Float32Array(784);
      bright[30] = 255;
      await expect(flow.encode(bright)).rejects.toThrow('images: image 1, pixel (row 2, column 3) is 255; pixel intensities must lie in [0, 1].');
      await expect(flow.encode(new Float32Array(0))).rejects.toThrow('images is empty: pass at least one image.');
      await expect(flow.interpolate(expected.images[0], expected.images[1], { steps: 1 })).rejects.toThrow('steps must be at least 2 (the two ends), got 1.');
      await expect(flow.interpolate(expected.images.flat(), expected.images[1])).rejects.toThrow('a must be one image, got 3.');
      await expect(flow.decode([[1, 2]])).rejects.toThrow('z[0] must be an array of 4 numbers, got 2 numbers.');
    }));

  it('refuses a plain flow file', async () => {
    const potential = new Potential({ d: 2, m: 4 });
    const text = modelFileToJSON(serializeModel(potential));
    potential.dispose();
    await expect(loadImageFlow(text)).rejects.toThrow('This model file holds a flow on 2-dimensional points, not an image model (it has no autoencoder)');
  });
});
