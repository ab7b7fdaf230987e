import type { Random } from '@otflow/random';
import type { Stroke } from '../settings';

/** Standard deviation of the Gaussian blob each brush position spreads, in data units. */
export const BRUSH_SIGMA = 0.18;

/**
 * The density a drawing defines: an equal-weight mixture of isotropic Gaussians (σ = {@link BRUSH_SIGMA}) centred
 * at points spaced evenly along every stroke, so a stroke's mass grows with its length and not with how slowly it
 * was drawn.
 */
export class DrawnDensity {
  /** Mixture centres, x, y pairs. */
  readonly centres: Float64Array;

  constructor(strokes: readonly Stroke[], spacing = BRUSH_SIGMA / 2) {
    if (!(spacing > 0)) throw new Error(`spacing must be a positive number of data units, got ${spacing}.`);
    const centres: number[] = [];
    strokes.forEach((stroke, index) => {
      if (stroke.length < 2 || stroke.length % 2 !== 0 || !stroke.every(Number.isFinite)) {
        throw new Error(`Stroke ${index + 1} must be finite x, y pairs (at least one point), got ${stroke.length} numbers.`);
      }
      centres.push(stroke[0], stroke[1]);
      // Walk the polyline, dropping a centre every `spacing` units of arc length.
      let carried = 0;
      for (let i = 2; i < stroke.length; i += 2) {
        const [x0, y0, x1, y1] = [stroke[i - 2], stroke[i - 1], stroke[i], stroke[i + 1]];
        const length = Math.hypot(x1 - x0, y1 - y0);
        let along = spacing - carried;
        while (along <= length) {
          const f = along / length;
          centres.push(x0 + f * (x1 - x0), y0 + f * (y1 - y0));
          along += spacing;
        }
        carried = length - (along - spacing);
      }
    });
    if (centres.length === 0) throw new Error('The drawing is empty: draw at least one stroke on the pad.');
    this.centres = Float64Array.from(centres);
  }

  get centreCount(): number {
    return this.centres.length / 2;
  }

  /** `n` points (row-major n × 2 float32) drawn from the mixture with `random`. */
  sample(n: number, random: Random): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const c = random.int(this.centreCount);
      out[2 * i] = this.centres[2 * c] + BRUSH_SIGMA * random.normal();
      out[2 * i + 1] = this.centres[2 * c + 1] + BRUSH_SIGMA * random.normal();
    }
    return out;
  }
}
