import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import { importReferenceCheckpoint, modelFileToJSON, parseModelFile, readTorchCheckpoint, serializeModel } from '@otflow/model';
import { loadImageFlow } from '@otflow/runtime';
import { describe, expect, it } from 'vitest';
import { torchFixtureBytes } from '../../../test/torch-fixtures';
import { packModelAsset, unpackModelAsset, type LogDensityScale } from '../src/digits/model-asset';

const SCALES: LogDensityScale[] = [{ name: 'real digits', label: 'test digits', p10: -40, median: -35, p90: -30 }];

/** An image model file in float64 (the reference-format MNIST fixture, imported as `otflow import-reference` does). */
function referenceModelText(): string {
  const { potential, image } = importReferenceCheckpoint(readTorchCheckpoint(torchFixtureBytes('mnist-legacy.pth')).value);
  const text = modelFileToJSON(serializeModel(potential, { normalization: image!.normalization, autoencoder: image!.autoencoder, image: image!.spec }));
  potential.dispose();
  return text;
}

describe('the digits model asset', () => {
  it('unpacks to the very numbers of the model file, gzipped or not, and samples the same digits', async () => {
    const text = referenceModelText();
    const model = JSON.parse(text) as Record<string, unknown>;
    const packed = packModelAsset(model, SCALES);
    const gzipped = gzipSync(packed, { level: 9 });
    expect(gzipped.length).toBeLessThan(gzipSync(text, { level: 9 }).length);
    for (const bytes of [gzipped, packed]) {
      const asset = await unpackModelAsset(new Uint8Array(bytes));
      expect(isDeepStrictEqual(asset.model, model)).toBe(true);
      expect(asset.scales).toEqual(SCALES);
    }
    const fromFile = await loadImageFlow(text);
    const fromAsset = await loadImageFlow((await unpackModelAsset(gzipped)).model as Record<string, unknown>);
    const [a, b] = [await fromFile.sample(4, { seed: 3 }), await fromAsset.sample(4, { seed: 3 })];
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    fromFile.dispose();
    fromAsset.dispose();
  });

  it('ships a valid image model that packs back to the same bytes', async () => {
    const shipped = new Uint8Array(readFileSync(new URL('../public/models/digits.otflow.bin', import.meta.url)));
    const asset = await unpackModelAsset(shipped);
    const file = parseModelFile(asset.model);
    expect(file.image).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(file.autoencoder?.config.latentSize).toBe(file.model.config.d);
    file.model.dispose();
    expect(asset.scales.map((scale) => scale.name)).toEqual(['real digits', 'noise']);
    // Lossless: the unpacked numbers pack to the bytes that were shipped (before gzip).
    const raw = new Uint8Array(await new Response(new Blob([shipped]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    expect(Buffer.from(packModelAsset(asset.model, asset.scales)).equals(Buffer.from(raw))).toBe(true);
  });

  it('rejects damaged assets with a message that says how to regenerate them', async () => {
    const packed = packModelAsset({ weights: Array.from({ length: 32 }, (_, i) => i / 3) }, []);
    await expect(unpackModelAsset(new TextEncoder().encode('{"format":"otflow-model"}'))).rejects.toThrow(
      'The digits model asset is damaged: it does not start with OTFLOWPK. Regenerate it with "pnpm --filter @otflow/demo pack-digits-model".',
    );
    await expect(unpackModelAsset(packed.subarray(0, packed.length - 8))).rejects.toThrow(/array 0 ends at byte \d+, past the end/);
    await expect(unpackModelAsset(gzipSync(packed).subarray(0, 40))).rejects.toThrow(/not valid gzip data/);
    expect(() => packModelAsset({ $packed: 1 }, [])).toThrow('already holds a "$packed" key');
  });
});
