/**
 * Writes the digits page's model asset (public/models/digits.otflow.bin) from an image model file, e.g. one written
 * by `otflow train mnist`:
 *
 *   pnpm pack-digits-model --model digits.json [--out public/models/digits.otflow.bin]
 *
 * The asset is the model packed losslessly (src/digits/model-asset.ts) and gzipped, with the page's comparison
 * scale: the model's log-densities of the 1,000 held-out built-in digits and of 1,000 uniform-noise images. The
 * script unpacks what it wrote and checks that every number came back. Runs against the built packages (build them first: turbo run build --filter=@otflow/demo^...).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadDigitsSplit } from '@otflow/datasets/digits';
import { writeFileAtomic } from '@otflow/model/node';
import { Random } from '@otflow/random';
import { loadImageFlow, type ImageFlow } from '@otflow/runtime';
import { packModelAsset, unpackModelAsset, type LogDensityScale } from '../src/digits/model-asset';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const modelPath = option('model');
if (modelPath === undefined) {
  console.error('Usage: pnpm pack-digits-model --model digits.json [--out public/models/digits.otflow.bin]');
  process.exit(1);
}
const outPath = option('out') ?? fileURLToPath(new URL('../public/models/digits.otflow.bin', import.meta.url));
const REFERENCE_COUNT = 1000;

function percentile(sorted: Float32Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
}

async function scaleOf(flow: ImageFlow, images: Float32Array, name: string, label: string): Promise<LogDensityScale> {
  const logDensity = (await flow.latentNll(images)).map((nll) => -nll).sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return { name, label, p10: round(percentile(logDensity, 0.1)), median: round(percentile(logDensity, 0.5)), p90: round(percentile(logDensity, 0.9)) };
}

const text = await readFile(modelPath, 'utf8');
const model = JSON.parse(text) as unknown;
const flow = await loadImageFlow(text);
const pixels = flow.image.width * flow.image.height;
const { test } = await loadDigitsSplit();
if (test.width * test.height !== pixels) throw new Error(`The model takes ${flow.image.width} × ${flow.image.height} images; the built-in digits are 28 × 28.`);
const heldOut = test.images.data.subarray(0, REFERENCE_COUNT * pixels);
const noise = new Random('digits-asset/noise').uniformArray(REFERENCE_COUNT * pixels);
const scales = [
  await scaleOf(flow, Float32Array.from(heldOut), 'real digits', `${REFERENCE_COUNT.toLocaleString('en')} held-out built-in digits`),
  await scaleOf(flow, Float32Array.from(noise), 'noise', `${REFERENCE_COUNT.toLocaleString('en')} uniform-noise images`),
];
flow.dispose();

const asset = gzipSync(packModelAsset(model, scales), { level: 9 });
const unpacked = await unpackModelAsset(asset);
if (!isDeepStrictEqual(unpacked.model, model)) throw new Error('The packed model does not unpack to the same numbers; nothing was written.');
await writeFileAtomic(outPath, asset);
console.log(`${outPath}: ${asset.length} bytes (the model file: ${Buffer.byteLength(text)} bytes, ${gzipSync(text, { level: 9 }).length} gzipped).`);
for (const scale of scales) console.log(`log-density of ${scale.label}: median ${scale.median}, 10–90 % ${scale.p10} … ${scale.p90} nats`);
