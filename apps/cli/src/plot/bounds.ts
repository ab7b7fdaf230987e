import type { Bounds2D } from '@otflow/metrics';

/** The q-quantile of `values` (0 ≤ q ≤ 1), ignoring non-finite entries; NaN when none is finite. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  if (finite.length === 0) return Number.NaN;
  const position = q * (finite.length - 1);
  const below = Math.floor(position);
  const above = Math.min(finite.length - 1, below + 1);
  return finite[below] + (position - below) * (finite[above] - finite[below]);
}

export interface RangeOptions {
  /** Fraction of points allowed outside at each end, so that a few outliers do not shrink everything else. Default 0.002. */
  trim?: number;
  /** Margin added at each end, as a fraction of the span. Default 0.08. */
  padding?: number;
}

/** A range covering all but the `trim` tails of every series, padded; a degenerate range becomes ±1 around its value. */
export function robustRange(series: readonly ArrayLike<number>[], options: RangeOptions = {}): [number, number] {
  const { trim = 0.002, padding = 0.08 } = options;
  let low = Infinity;
  let high = -Infinity;
  for (const values of series) {
    low = Math.min(low, quantile(values, trim));
    high = Math.max(high, quantile(values, 1 - trim));
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [-1, 1];
  if (high - low < 1e-9) return [low - 1, high + 1];
  const pad = (high - low) * padding;
  return [low - pad, high + pad];
}

/**
 * A box around 2-D point sets whose sides are equally long, so that a square plot area shows x and y at the same
 * scale (circles stay round): each axis's robust range, the shorter one widened about its centre.
 */
export function squareBounds(sets: readonly { xs: ArrayLike<number>; ys: ArrayLike<number> }[], options: RangeOptions = {}): Bounds2D {
  const xRange = robustRange(sets.map((set) => set.xs), options);
  const yRange = robustRange(sets.map((set) => set.ys), options);
  const half = Math.max(xRange[1] - xRange[0], yRange[1] - yRange[0]) / 2;
  const centre = (range: [number, number]): number => (range[0] + range[1]) / 2;
  return [
    [centre(xRange) - half, centre(xRange) + half],
    [centre(yRange) - half, centre(yRange) + half],
  ];
}
