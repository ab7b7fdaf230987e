import { inkOfImageData, MNIST_SIZE, toMnistPixels } from './mnist-pixels';

/** Brush width in pad pixels: about an MNIST stroke (2–3 of 28 pixels) for a digit drawn across most of the pad. */
const BRUSH_WIDTH = 22;

/**
 * A pad to draw a digit on, white on black, with the mouse, a finger or a pen (pointer events). `onDrawing` gets the
 * drawing as MNIST pixels (28 × 28 in [0, 1], see toMnistPixels) after each stroke, or null when the pad is cleared.
 */
export class DigitPad {
  private lastPoint: { x: number; y: number } | null = null;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onDrawing: (pixels: Float32Array | null) => void,
  ) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (event) => {
      if (canvas.dataset.disabled === 'true') return;
      canvas.setPointerCapture(event.pointerId);
      this.lastPoint = this.toPad(event);
      this.line(this.lastPoint, this.lastPoint);
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (this.lastPoint === null) return;
      const point = this.toPad(event);
      this.line(this.lastPoint, point);
      this.lastPoint = point;
    });
    const end = () => {
      if (this.lastPoint === null) return;
      this.lastPoint = null;
      this.report();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.dataset.strokes = '0';
    this.onDrawing(null);
  }

  /**
   * Fills the pad with uniform noise, one random level per pixel of the 28 × 28 image, and reports that image as it
   * is: noise as the model sees it (centring and scaling it like a digit would smooth it into a grey square).
   */
  fillWithNoise(random: () => number): void {
    const cell = this.canvas.width / MNIST_SIZE;
    const pixels = new Float32Array(MNIST_SIZE * MNIST_SIZE);
    for (let k = 0; k < pixels.length; k++) {
      const level = Math.round(255 * random());
      pixels[k] = level / 255;
      this.context.fillStyle = `rgb(${level} ${level} ${level})`;
      this.context.fillRect((k % MNIST_SIZE) * cell, Math.floor(k / MNIST_SIZE) * cell, cell, cell);
    }
    this.canvas.dataset.strokes = 'noise';
    this.onDrawing(pixels);
  }

  private report(): void {
    const { width, height } = this.canvas;
    const ink = inkOfImageData(this.context.getImageData(0, 0, width, height).data, width, height);
    this.onDrawing(toMnistPixels(ink, width, height));
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const context = this.context;
    context.strokeStyle = '#fff';
    context.lineWidth = BRUSH_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    if (from === to) this.canvas.dataset.strokes = String(Number(this.canvas.dataset.strokes) + 1 || 1);
  }

  /** The pointer's position in the pad's own pixels (the canvas is scaled by CSS). */
  private toPad(event: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * this.canvas.width, y: ((event.clientY - box.top) / box.height) * this.canvas.height };
  }
}
