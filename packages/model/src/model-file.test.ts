import { describe, expect, it } from 'vitest';
import { randomWeights } from '../test/random-weights';
import { modelFileToJSON, parseModelFile, serializeModel, type ModelFileV1 } from './model-file';
import { Potential } from './potential';
import { VelocityNetwork } from './velocity-network';
import { Autoencoder } from './autoencoder';
import type { PotentialConfig } from './potential-config';

const config: PotentialConfig = { d: 2, m: 3, nTh: 3, r: 2 };
const normalization = { mean: [0.5, -1.25], std: [2, 0.75] };
const training = { dataset: 'swissroll', alph: [1, 30, 15], nt: 8, iterations: 5000, seed: 7, createdAt: '2024-01-01T00:00:00.000Z' };

function sampleFile(): ModelFileV1 {
  const potential = Potential.fromWeights(config, randomWeights(config, 'file'));
  const file = serializeModel(potential, { normalization, training });
  potential.dispose();
  return file;
}

/** The sample file's JSON with one part changed. */
function variant(change: (file: Record<string, any>) => void): string {
  const file = JSON.parse(modelFileToJSON(sampleFile()));
  change(file);
  return JSON.stringify(file);
}

describe('model file', () => {
  it('serializes to the documented plain structure', () => {
    const file = sampleFile();
    expect(Object.keys(file)).toEqual(['format', 'version', 'kind', 'config', 'weights', 'normalization', 'training']);
    expect(file).toMatchObject({ format: 'otflow-model', version: 1, kind: 'potential', config, normalization, training });
    expect(Object.keys(file.weights)).toEqual(['K0', 'b0', 'K1', 'b1', 'K2', 'b2', 'w', 'A', 'b', 'c']);
    expect((file.weights.K0 as number[][]).map((row) => row.length)).toEqual([3, 3, 3]);
    expect(typeof file.weights.c).toBe('number');
    const potential = Potential.fromWeights(config, randomWeights(config, 'bare'));
    const bare = serializeModel(potential);
    expect([bare.normalization, bare.training]).toEqual([null, null]);
    potential.dispose();
  });

  it('round-trips exactly through JSON text and through the parsed object', () => {
    const weights = randomWeights(config, 'file');
    const text = modelFileToJSON(sampleFile());
    for (const input of [text, JSON.parse(text)]) {
      const loaded = parseModelFile(input);
      expect(loaded.model.config).toEqual(config);
      expect(loaded.model.getWeights()).toEqual(weights);
      expect(loaded.normalization).toEqual(normalization);
      expect(loaded.training).toEqual(training);
      loaded.model.dispose();
    }
    const reloaded = parseModelFile(text).model;
    expect(modelFileToJSON(serializeModel(reloaded, { normalization, training }))).toBe(text);
    reloaded.dispose();
  });

  it('copies metadata and rejects metadata that is not JSON', () => {
    const potential = new Potential(config);
    const meta = { dataset: 'moons', nested: { list: [1, 2] } };
    const file = serializeModel(potential, { training: meta });
    meta.nested.list.push(3);
    expect(file.training).toEqual({ dataset: 'moons', nested: { list: [1, 2] } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serializeModel(potential, { training: cyclic })).toThrow('training metadata must be JSON-serializable');
    expect(() => serializeModel(potential, { normalization: { mean: [0], std: [1] } })).toThrow('normalization.mean must be an array of d = 2 numbers, got length 1.');
    potential.dispose();
  });
});

describe('parseModelFile rejects corrupt input with a message that says what is wrong', () => {
  const text = modelFileToJSON(sampleFile());
  const cases: [string, string, string | RegExp][] = [
    ['not JSON', 'hello', 'The model file is not valid JSON: unexpected "h" at line 1, column 1 (position 0)'],
    ['not JSON, later', '{"format": "otflow-model",\n "version": 1,, }', /not valid JSON: unexpected "," at line 2, column 15 \(position 41\)/],
    ['truncated', text.slice(0, 200), `The model file is truncated or corrupt: its JSON ends early at line 1, column 201 (position 200) of 200 characters.`],
    ['empty', '  \n', 'The model file is empty: it holds no JSON.'],
    ['not an object', '[1, 2]', 'A model file must hold a JSON object, got an array.'],
    ['wrong format', variant((f) => (f.format = 'keras')), 'This is not an otflow model file: format is "keras", expected "otflow-model".'],
    ['missing format', variant((f) => delete f.format), 'format is missing'],
    ['unsupported version', variant((f) => (f.version = 3)), 'Unsupported model file version 3: this @otflow/model reads version 1, 2. A newer file needs a newer @otflow/model.'],
    ['unknown kind', variant((f) => (f.kind = 'flow')), 'The model file\'s kind must be "potential" or "velocity", got "flow".'],
    ['unknown field', variant((f) => (f.extra = 1)), 'The model file has unknown fields extra; a version 1 file has format, version, kind, config, weights, normalization, training.'],
    ['config missing r', variant((f) => delete f.config.r), 'config.r is missing: a potential model file states d, m, nTh, r.'],
    ['config invalid', variant((f) => (f.config.nTh = 1)), 'config.nTh (the number of ResNet layers) must be an integer ≥ 2, got 1.'],
    ['config not an object', variant((f) => (f.config = 3)), 'config must be an object { d, m, nTh, r }, got 3.'],
    ['missing weight', variant((f) => delete f.weights.K2), 'weights.K2 is missing (expected shape [3, 3], m × m).'],
    ['extra weight', variant((f) => (f.weights.K3 = [[0]])), 'weights has unexpected entries K3; with nTh = 3 a potential model has exactly K0, b0, K1, b1, K2, b2, w, A, b, c.'],
    ['wrong shape', variant((f) => f.weights.A.pop()), 'weights.A has shape [1, 3], expected [2, 3] (r × (d+1) with d = 2, m = 3, nTh = 3, r = 2).'],
    ['ragged', variant((f) => f.weights.K1[1].pop()), 'weights.K1[1] is an array of length 2, expected an array of length 3'],
    ['non-finite (null)', variant((f) => (f.weights.w[1] = null)), 'weights.w[1] is null, expected a finite number (JSON writes NaN and ±Infinity as null).'],
    ['non-number', variant((f) => (f.weights.b0[0] = '0.5')), 'weights.b0[0] is the string "0.5", expected a number'],
    ['c as array', variant((f) => (f.weights.c = [0])), 'weights.c has shape [1], expected [] (a scalar'],
    ['normalization length', variant((f) => f.normalization.mean.pop()), 'normalization.mean must be an array of d = 2 numbers, got length 1.'],
    ['normalization std', variant((f) => (f.normalization.std[1] = 0)), 'normalization.std[1] is 0: every standard deviation must be > 0.'],
    ['normalization entry', variant((f) => (f.normalization.mean[0] = null)), 'normalization.mean[0] is null, expected a finite number.'],
    ['training not an object', variant((f) => (f.training = 'x')), 'training must be an object of metadata or null, got "x".'],
  ];
  it.each(cases)('%s', (_, input, message) => {
    expect(() => parseModelFile(input)).toThrow(message);
  });

  it('rejects non-finite numbers in an already parsed object', () => {
    const file = JSON.parse(text);
    file.weights.K0[2][1] = Number.POSITIVE_INFINITY;
    expect(() => parseModelFile(file)).toThrow('weights.K0[2][1] is Infinity: every value must be finite.');
  });
});

describe('velocity model files', () => {
  const velocityConfig = { d: 3, m: 4, nTh: 3 };

  function velocityFile(): ModelFileV1 {
    const network = new VelocityNetwork({ ...velocityConfig, seed: 5 });
    // The output layer starts at zero; give it values so that the round trip checks them.
    network.setWeights({ ...network.getWeights(), W: Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 7), c: [0.1, -0.2, 0.3] });
    const file = serializeModel(network, { normalization: { mean: [0, 1, 2], std: [1, 2, 3] }, training: { study: 'alpha' } });
    network.dispose();
    return file;
  }

  it('round-trips a velocity network exactly, kind and config included', () => {
    const file = velocityFile();
    expect(file).toMatchObject({ kind: 'velocity', config: velocityConfig });
    expect(Object.keys(file.weights)).toEqual(['K0', 'b0', 'K1', 'b1', 'K2', 'b2', 'W', 'c']);
    expect((file.weights.W as number[][]).map((row) => row.length)).toEqual([4, 4, 4]);
    const text = modelFileToJSON(file);
    const loaded = parseModelFile(text);
    expect(loaded.model).toBeInstanceOf(VelocityNetwork);
    expect(loaded.model.kind).toBe('velocity');
    expect(loaded.model.config).toEqual(velocityConfig);
    expect(modelFileToJSON(serializeModel(loaded.model, loaded))).toBe(text);
    loaded.model.dispose();
  });

  const text = modelFileToJSON(velocityFile());
  const change = (edit: (file: Record<string, any>) => void) => {
    const file = JSON.parse(text);
    edit(file);
    return JSON.stringify(file);
  };
  it.each([
    ['a rank r', change((f) => (f.config.r = 2)), 'config has unknown fields r; a velocity model has d, m, nTh.'],
    ['missing W', change((f) => delete f.weights.W), 'weights.W is missing (expected shape [3, 4], d × m).'],
    ['wrong c', change((f) => f.weights.c.pop()), 'weights.c has shape [2], expected [3] (d with d = 3, m = 4, nTh = 3).'],
    ['potential weights', change((f) => (f.weights.w = [1, 2, 3, 4])), 'weights has unexpected entries w; with nTh = 3 a velocity model has exactly K0, b0, K1, b1, K2, b2, W, c.'],
  ])('rejects a velocity file with %s', (_, input, message) => {
    expect(() => parseModelFile(input)).toThrow(message);
  });
});

describe('image model files (version 2)', () => {
  const flowConfig: PotentialConfig = { d: 2, m: 3, nTh: 2, r: 2 };
  const image = { width: 3, height: 2, channels: 1 as const, pixelNormalization: { mean: 0, std: 1 }, decoderOutput: 'pixels' as const };

  function imageFile(): Record<string, any> {
    const potential = Potential.fromWeights(flowConfig, randomWeights(flowConfig, 'image'));
    const autoencoder = new Autoencoder({ inputSize: 6, hidden: [4], latentSize: 2, latentActivation: 'identity', seed: 3 });
    const file = serializeModel(potential, { normalization, autoencoder, image });
    potential.dispose();
    autoencoder.dispose();
    return JSON.parse(modelFileToJSON(file));
  }

  it('holds the flow, the latent normalization, the autoencoder and the image spec, and round-trips', () => {
    const file = imageFile();
    expect(Object.keys(file)).toEqual(['format', 'version', 'kind', 'config', 'weights', 'normalization', 'training', 'autoencoder', 'image']);
    expect(file.version).toBe(2);
    expect(file.autoencoder.config).toEqual({ inputSize: 6, hidden: [4], latentSize: 2, latentActivation: 'identity' });
    const loaded = parseModelFile(file);
    expect(loaded.image).toEqual(image);
    expect(Object.keys(loaded.autoencoder!.weights)).toEqual(['encoderWeight0', 'encoderBias0', 'encoderWeight1', 'encoderBias1', 'decoderWeight0', 'decoderBias0', 'decoderWeight1', 'decoderBias1']);
    const again = serializeModel(loaded.model, { normalization: loaded.normalization, autoencoder: loaded.autoencoder, image: loaded.image });
    expect(JSON.parse(modelFileToJSON(again))).toEqual(file);
    loaded.model.dispose();
  });

  it('needs both an autoencoder and an image spec that fit the flow', () => {
    const potential = Potential.fromWeights(flowConfig, randomWeights(flowConfig, 'image'));
    const autoencoder = new Autoencoder({ inputSize: 6, latentSize: 2 });
    expect(() => serializeModel(potential, { autoencoder })).toThrow('An image model needs both an autoencoder and an image spec');
    expect(() => serializeModel(potential, { autoencoder, image: { ...image, width: 4 } })).toThrow('autoencoder.config.inputSize is 6, but a 4 × 2 image has 8 values.');
    potential.dispose();
    autoencoder.dispose();
  });

  const cases: [string, (file: Record<string, any>) => void, string][] = [
    ['no image', (f) => delete f.image, 'image is missing: a version 2 model file is an image model and states its image spec.'],
    ['no autoencoder', (f) => delete f.autoencoder, 'autoencoder is missing: a version 2 model file is an image model and holds its autoencoder.'],
    ['an image field in a version 1 file', (f) => (f.version = 1), 'The model file has unknown fields autoencoder, image (image models are version 2 files)'],
    ['colour images', (f) => (f.image.channels = 3), 'image.channels must be 1 (grayscale images), got 3.'],
    ['a bad pixel std', (f) => (f.image.pixelNormalization.std = 0), 'image.pixelNormalization must be { mean, std } with a finite mean and std > 0'],
    ['an unknown decoder output', (f) => (f.image.decoderOutput = 'logits'), 'image.decoderOutput must be "pixels" or "normalized-pixels", got "logits".'],
    ['a latent size that is not d', (f) => (f.autoencoder.config.latentSize = 3), 'autoencoder.config.latentSize is 3, but the flow models d = 2 dimensions; they must agree.'],
    ['a mis-shaped autoencoder weight', (f) => f.autoencoder.weights.decoderBias1.pop(), 'autoencoder.weights.decoderBias1 has shape [5], expected [6] (out with inputSize = 6, hidden = [4], latentSize = 2, latentActivation = identity).'],
    ['a missing autoencoder weight', (f) => delete f.autoencoder.weights.encoderWeight1, 'autoencoder.weights.encoderWeight1 is missing (expected shape [2, 4], out × in).'],
    ['a non-finite autoencoder weight', (f) => (f.autoencoder.weights.encoderBias0[1] = null), 'autoencoder.weights.encoderBias0[1] is null'],
  ];
  it.each(cases)('rejects %s', (_, change, message) => {
    const file = imageFile();
    change(file);
    expect(() => parseModelFile(JSON.stringify(file))).toThrow(message);
  });
});
