import type { Random } from '@otflow/random';
import type { DataMatrix } from '../data-matrix';

/**
 * 2-D points computed in float64 (as the reference does with numpy) and stored as float32 at the end.
 * Row i is (x[2i], x[2i+1]).
 */
export class PointBuffer {
  readonly values: Float64Array;

  constructor(readonly count: number) {
    this.values = new Float64Array(2 * count);
  }

  set(i: number, x: number, y: number): void {
    this.values[2 * i] = x;
    this.values[2 * i + 1] = y;
  }

  /** Reorders the rows by a uniformly random permutation. */
  shuffleRows(random: Random): void {
    const v = this.values;
    for (let i = this.count - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const x = v[2 * i];
      const y = v[2 * i + 1];
      v[2 * i] = v[2 * j];
      v[2 * i + 1] = v[2 * j + 1];
      v[2 * j] = x;
      v[2 * j + 1] = y;
    }
  }

  /** Adds scale·𝒩² to every point. */
  addNormalNoise(random: Random, scale: number): void {
    for (let k = 0; k < this.values.length; k++) this.values[k] += scale * random.normal();
  }

  /** x ↦ scale·x + shift, per coordinate. */
  affine(scale: number, shiftX = 0, shiftY = 0): void {
    for (let i = 0; i < this.count; i++) {
      this.values[2 * i] = scale * this.values[2 * i] + shiftX;
      this.values[2 * i + 1] = scale * this.values[2 * i + 1] + shiftY;
    }
  }

  toMatrix(): DataMatrix {
    return { data: Float32Array.from(this.values), rows: this.count, cols: 2 };
  }
}

/** numpy's linspace(start, stop, count, endpoint): `count` evenly spaced values. */
export function linspace(start: number, stop: number, count: number, endpoint: boolean): Float64Array {
  const out = new Float64Array(count);
  const intervals = endpoint ? count - 1 : count;
  const step = intervals > 0 ? (stop - start) / intervals : 0;
  for (let k = 0; k < count; k++) out[k] = start + k * step;
  return out;
}
