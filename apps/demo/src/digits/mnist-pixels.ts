/**
 * A drawing as an MNIST digit: MNIST's digits were scaled (keeping their aspect ratio) to fit a 20 × 20 box,
 * anti-aliased, and placed in a 28 × 28 image with their centre of mass at the centre. Intensities are in [0, 1],
 * white (1) on black (0), row-major.
 */

export const MNIST_SIZE = 28;
/** The side of the box the digit's longer side is scaled to. */
const DIGIT_BOX = 20;
/** Source pixels fainter than this do not count towards the bounding box. */
const INK_THRESHOLD = 0.05;

/**
 * The 28 × 28 MNIST-style image of a drawing given as `width` × `height` ink intensities in [0, 1] (row-major).
 * Each source pixel's ink is spread bilinearly over the target pixels around where it lands, so strokes come out
 * anti-aliased and the total ink is kept (up to clipping at 1). Returns null for a drawing without ink.
 */
export function toMnistPixels(ink: ArrayLike<number>, width: number, height: number): Float32Array | null {
  if (ink.length !== width * height) throw new Error(`toMnistPixels: ${ink.length} values for a ${width} × ${height} drawing.`);
  let [left, right, top, bottom] = [width, -1, height, -1];
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = ink[y * width + x];
      if (value <= INK_THRESHOLD) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      mass += value;
      // Pixel centres: pixel x covers [x, x + 1).
      sumX += value * (x + 0.5);
      sumY += value * (y + 0.5);
    }
  }
  if (right < 0) return null;
  const scale = DIGIT_BOX / Math.max(right - left + 1, bottom - top + 1);
  const centreX = sumX / mass;
  const centreY = sumY / mass;
  const target = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const area = scale * scale;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const value = ink[y * width + x];
      if (value <= 0) continue;
      // Where this pixel's centre lands, in target pixel-centre coordinates (target pixel j's centre is j).
      const u = (x + 0.5 - centreX) * scale + MNIST_SIZE / 2 - 0.5;
      const v = (y + 0.5 - centreY) * scale + MNIST_SIZE / 2 - 0.5;
      const j = Math.floor(u);
      const i = Math.floor(v);
      const fu = u - j;
      const fv = v - i;
      const weight = value * area;
      splat(target, i, j, weight * (1 - fu) * (1 - fv));
      splat(target, i, j + 1, weight * fu * (1 - fv));
      splat(target, i + 1, j, weight * (1 - fu) * fv);
      splat(target, i + 1, j + 1, weight * fu * fv);
    }
  }
  for (let k = 0; k < target.length; k++) target[k] = Math.min(1, target[k]);
  return target;
}

function splat(target: Float32Array, row: number, column: number, amount: number): void {
  if (row >= 0 && row < MNIST_SIZE && column >= 0 && column < MNIST_SIZE) target[row * MNIST_SIZE + column] += amount;
}

/** Ink of an RGBA canvas image drawn white on black: the mean of red, green and blue, in [0, 1]. */
export function inkOfImageData(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let k = 0; k < ink.length; k++) ink[k] = (rgba[4 * k] + rgba[4 * k + 1] + rgba[4 * k + 2]) / (3 * 255);
  return ink;
}
