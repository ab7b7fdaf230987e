import { MNIST_SIZE } from './mnist-pixels';

/**
 * Draws one 28 × 28 image (intensities in [0, 1], white on black, starting at `offset` in `pixels`) onto a canvas,
 * each image pixel a sharp square block.
 */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Float32Array, offset = 0): void {
  const image = new ImageData(MNIST_SIZE, MNIST_SIZE);
  for (let k = 0; k < MNIST_SIZE * MNIST_SIZE; k++) {
    const level = Math.round(255 * Math.min(1, Math.max(0, pixels[offset + k])));
    image.data.set([level, level, level, 255], 4 * k);
  }
  const small = document.createElement('canvas');
  small.width = small.height = MNIST_SIZE;
  small.getContext('2d')!.putImageData(image, 0, 0);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  canvas.dataset.drawn = 'true';
}

/** Fills a canvas with black (no image yet). */
export function clearDigit(canvas: HTMLCanvasElement): void {
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
  delete canvas.dataset.drawn;
}
