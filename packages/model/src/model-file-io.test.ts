import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomWeights } from '../test/random-weights';
import { loadModelFile, saveModelFile } from './node';
import { Potential } from './potential';

describe('saveModelFile / loadModelFile', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'otflow-model-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips a potential with its metadata exactly', async () => {
    const config = { d: 3, m: 4, nTh: 2, r: 4 };
    const weights = randomWeights(config, 'io');
    const potential = Potential.fromWeights(config, weights);
    const path = join(folder, 'model.json');
    const normalization = { mean: [1, 2, 3], std: [0.5, 1, 2] };
    await saveModelFile(path, potential, { normalization, training: { dataset: 'gaussian', seed: 3 } });
    const loaded = await loadModelFile(path);
    expect(loaded.model.getWeights()).toEqual(weights);
    expect(loaded.normalization).toEqual(normalization);
    expect(loaded.training).toEqual({ dataset: 'gaussian', seed: 3 });
    [potential, loaded.model].forEach((p) => p.dispose());
  });

  it('names the path of a missing or corrupt file', async () => {
    const missing = join(folder, 'missing.json');
    await expect(loadModelFile(missing)).rejects.toThrow(`Model file not found: ${missing}`);
    const corrupt = join(folder, 'corrupt.json');
    await writeFile(corrupt, '{"format": "otflow-model", "vers');
    await expect(loadModelFile(corrupt)).rejects.toThrow(`${corrupt}: The model file is truncated or corrupt`);
    await expect(loadModelFile(folder)).rejects.toThrow(`Could not read model file ${folder}: EISDIR`);
  });
});
