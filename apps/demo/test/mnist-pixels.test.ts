import { describe, expect, it } from 'vitest';
import { inkOfImageData, MNIST_SIZE, toMnistPixels } from '../src/digits/mnist-pixels';

/** A width × height drawing with a filled rectangle of ink (value 1) at [x0, x1) × [y0, y1). */
function rectangle(width: number, height: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * width + x] = 1;
  return ink;
}

function centreOfMass(pixels: Float32Array): { x: number; y: number; mass: number } {
  let [mass, x, y] = [0, 0, 0];
  pixels.forEach((value, k) => {
    mass += value;
    x += value * (k % MNIST_SIZE);
    y += value * Math.floor(k / MNIST_SIZE);
  });
  return { x: x / mass, y: y / mass, mass };
}

function inkedExtent(pixels: Float32Array): { columns: number; rows: number } {
  const columns = new Set<number>();
  const rows = new Set<number>();
  pixels.forEach((value, k) => {
    if (value > 0.5) {
      columns.add(k % MNIST_SIZE);
      rows.add(Math.floor(k / MNIST_SIZE));
    }
  });
  return { columns: columns.size, rows: rows.size };
}

describe('toMnistPixels', () => {
  it('returns null for a drawing without ink', () => {
    expect(toMnistPixels(new Float32Array(280 * 280), 280, 280)).toBeNull();
    expect(toMnistPixels(new Float32Array(100).fill(0.01), 10, 10)).toBeNull();
  });

  it('scales the longer side to 20 pixels, keeps the aspect ratio and centres the mass', () => {
    // A 40 × 200 bar drawn off-centre in the corner of a 280 × 280 pad: a "1".
    const pixels = toMnistPixels(rectangle(280, 280, 10, 50, 30, 230), 280, 280)!;
    expect(pixels).toHaveLength(784);
    const extent = inkedExtent(pixels);
    expect(extent.rows).toBe(20);
    expect(extent.columns).toBe(4);
    const centre = centreOfMass(pixels);
    // Target pixel j's centre is j: the image centre is 13.5.
    expect(centre.x).toBeCloseTo(13.5, 5);
    expect(centre.y).toBeCloseTo(13.5, 5);
    // Ink is conserved: the bar's area (40 × 200) scaled by (20/200)² is 80 target pixels.
    expect(centre.mass).toBeCloseTo(80, 3);
  });

  it('gives intensities in [0, 1], white on black, with a dark border', () => {
    const pixels = toMnistPixels(rectangle(200, 100, 20, 180, 40, 60), 200, 100)!;
    expect(Math.min(...pixels)).toBe(0);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
    expect(Math.max(...pixels)).toBeGreaterThan(0.9);
    for (let k = 0; k < MNIST_SIZE; k++) {
      expect(pixels[k]).toBe(0);
      expect(pixels[27 * MNIST_SIZE + k]).toBe(0);
      expect(pixels[k * MNIST_SIZE]).toBe(0);
      expect(pixels[k * MNIST_SIZE + 27]).toBe(0);
    }
  });

  it('does not depend on where on the pad or how large the digit was drawn', () => {
    const small = toMnistPixels(rectangle(280, 280, 200, 210, 200, 260), 280, 280)!;
    const large = toMnistPixels(rectangle(280, 280, 20, 60, 10, 250), 280, 280)!;
    let worst = 0;
    small.forEach((value, k) => (worst = Math.max(worst, Math.abs(value - large[k]))));
    // The same 1 : 6 bar up to the resampling of 10 or 40 source pixels per column (scale 1/3 against 1/12).
    expect(worst).toBeLessThan(0.05);
    expect(centreOfMass(small).mass).toBeCloseTo(centreOfMass(large).mass, 3);
  });

  it('rejects a size that does not match the values', () => {
    expect(() => toMnistPixels(new Float32Array(10), 4, 4)).toThrow('toMnistPixels: 10 values for a 4 × 4 drawing.');
  });
});

describe('inkOfImageData', () => {
  it('reads white on black RGBA as intensities in [0, 1]', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255, 51, 51, 51, 255]);
    expect(Array.from(inkOfImageData(rgba, 3, 1))).toEqual([0, 1, 0.2].map(Math.fround));
  });
});
