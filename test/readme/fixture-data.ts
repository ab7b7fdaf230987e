// Writes the data files the READMEs' examples read, into the current folder. It runs there as a plain Node module
// against the built packages, like the README blocks themselves (see fixtures.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { createRandomGaussian, imageSubset, sampleToy, type DataMatrix, type ImageSet } from '@otflow/datasets';
import { loadDigitsSplit } from '@otflow/datasets/digits';
import { saveNpy } from '@otflow/datasets/node';

function toCsv(matrix: DataMatrix, header: readonly string[]): string {
  const lines = [header.join(',')];
  for (let row = 0; row < matrix.rows; row++) {
    lines.push(Array.from(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), (value) => value.toPrecision(7)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

// 2-D points for `otflow density` (a CSV with a header and the same points as .npy).
const points = sampleToy('8gaussians', 200, 1);
writeFileSync('points.csv', toCsv(points, ['x', 'y']));
await saveNpy('points.npy', points);

// "Your own data": 3 columns with a header, and held-out rows from the same distribution.
const measurements = createRandomGaussian({ dimension: 3, seed: 2 });
writeFileSync('measurements.csv', toCsv(measurements.sample(1000, 3), ['x1', 'x2', 'x3']));
writeFileSync('held-out.csv', toCsv(measurements.sample(300, 4), ['x1', 'x2', 'x3']));

// The MAF bundle's POWER file in its layout (maf/data/power/data.npy: 8 columns), small and synthetic: the real
// bundle is a 5 GB download. Examples reach it as ~/maf/data (HOME is the block's folder) or maf/data.
mkdirSync('maf/data/power', { recursive: true });
await saveNpy('maf/data/power/data.npy', createRandomGaussian({ dimension: 8, seed: 5 }).sample(2000, 6));

// Images as bytes 0–255 (the built-in digits are bytes / 255 exactly).
function imageBytes(set: ImageSet, index = 0, count = set.images.rows): Uint8Array {
  const { cols } = set.images;
  return Uint8Array.from(set.images.data.subarray(index * cols, (index + count) * cols), (value) => Math.round(value * 255));
}

// An IDX file of unsigned bytes (type 0x08), MNIST's format: magic, big-endian int32 dimensions, then the bytes.
function idx(dims: readonly number[], bytes: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint32(0, 0x0800 | dims.length);
  dims.forEach((size, axis) => header.setUint32(4 + 4 * axis, size));
  return Buffer.concat([new Uint8Array(header.buffer), bytes]);
}

// MNIST's folder layout (the four gzipped IDX files), small: built-in digits stand in for MNIST's 60,000 + 10,000.
// Examples reach it as ~/mnist (HOME is the block's folder) or mnist.
const { train, test } = await loadDigitsSplit();
mkdirSync('mnist');
for (const [prefix, set] of [['train', imageSubset(train, 0, 500)], ['t10k', imageSubset(test, 0, 100)]] as const) {
  writeFileSync(`mnist/${prefix}-images-idx3-ubyte.gz`, gzipSync(idx([set.images.rows, set.height, set.width], imageBytes(set))));
  writeFileSync(`mnist/${prefix}-labels-idx1-ubyte.gz`, gzipSync(idx([set.images.rows], set.labels ?? new Uint8Array())));
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc;
});

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of typeAndData) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return chunk;
}

// An 8-bit grayscale PNG: signature, IHDR, the rows (each after filter byte 0) deflated in IDAT, IEND.
function grayPng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grayscale), compression, filter and interlace 0
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', new Uint8Array())]);
}

// Two held-out digits as 28 × 28 PNGs (white on black), for `otflow interpolate three.png eight.png`.
for (const [name, digit] of [['three.png', 3], ['eight.png', 8]] as const) {
  const index = test.labels?.indexOf(digit) ?? -1;
  if (index < 0) throw new Error(`the held-out digits have no ${digit}`);
  writeFileSync(name, grayPng(test.width, test.height, imageBytes(test, index, 1)));
}
