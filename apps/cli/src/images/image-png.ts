import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { writeFileAtomic } from '@otflow/model/node';
import type { ImageBatch } from '@otflow/runtime';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface GridLayout {
  rows: number;
  cols: number;
  /** Screen pixels per image pixel. Default 2. */
  scale?: number;
}

/** `--grid 10x10` → { rows: 10, cols: 10 }; null when the text is not of that form. */
export function parseGrid(text: string): { rows: number; cols: number } | null {
  const match = /^(\d+)x(\d+)$/i.exec(text.trim());
  if (!match) return null;
  const [rows, cols] = [Number(match[1]), Number(match[2])];
  return rows >= 1 && cols >= 1 && rows * cols <= 10_000 ? { rows, cols } : null;
}

/**
 * Images tiled row by row into one grayscale PNG (intensity 0 black, 1 white, as MNIST shows digits), with a one-pixel
 * gray gap between tiles, each image pixel drawn as scale × scale; written atomically.
 */
export async function writeImageGrid(path: string, images: ImageBatch, layout: GridLayout): Promise<void> {
  const { rows, cols } = layout;
  const scale = layout.scale ?? 2;
  if (images.count > rows * cols) throw new Error(`${images.count} images do not fit a ${rows} × ${cols} grid.`);
  const gap = scale;
  const tileWidth = images.width * scale;
  const tileHeight = images.height * scale;
  const width = cols * tileWidth + (cols + 1) * gap;
  const height = rows * tileHeight + (rows + 1) * gap;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(width, height);
  for (let at = 0; at < pixels.data.length; at += 4) pixels.data.set([96, 96, 96, 255], at); // the gaps' opaque gray
  const pixelsPerImage = images.width * images.height;
  for (let index = 0; index < images.count; index++) {
    const left = gap + (index % cols) * (tileWidth + gap);
    const top = gap + Math.floor(index / cols) * (tileHeight + gap);
    for (let y = 0; y < tileHeight; y++) {
      for (let x = 0; x < tileWidth; x++) {
        const value = images.data[index * pixelsPerImage + Math.floor(y / scale) * images.width + Math.floor(x / scale)];
        const level = Math.round(Math.min(1, Math.max(0, value)) * 255);
        const at = ((top + y) * width + left + x) * 4;
        pixels.data[at] = level;
        pixels.data[at + 1] = level;
        pixels.data[at + 2] = level;
      }
    }
  }
  context.putImageData(pixels, 0, 0);
  await writeFileAtomic(path, await canvas.encode('png'));
}

/**
 * A PNG file as one grayscale image of intensities in [0, 1] (colour is converted to luminance; transparency is
 * composited over black, MNIST's background). The message names the file and what is wrong: missing, not a PNG,
 * unreadable, or not width × height pixels.
 */
export async function readGrayPng(path: string, width: number, height: number): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Image not found: ${path}.`);
    throw new Error(`Could not read ${path}: ${(error as Error).message}`);
  }
  if (bytes.length < 8 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte)) {
    throw new Error(`${path} is not a PNG file (it lacks the PNG signature); give ${width} × ${height} grayscale PNG images.`);
  }
  let image;
  try {
    image = await loadImage(bytes);
  } catch (error) {
    throw new Error(`${path} is a damaged PNG file: ${(error as Error).message}`);
  }
  if (image.width !== width || image.height !== height) {
    throw new Error(`${path} is ${image.width} × ${image.height} pixels; this model takes ${width} × ${height} images (resize it first).`);
  }
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, width, height).data;
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const [r, g, b, a] = [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]];
    // getImageData un-premultiplies; compositing over black multiplies by alpha again.
    out[i] = ((0.299 * r + 0.587 * g + 0.114 * b) / 255) * (a / 255);
  }
  return out;
}
