import { linearTicks, logTicks, type Tick } from './ticks';

export type ScaleKind = 'linear' | 'log';

/** Maps data values in `domain` onto pixel positions in `range` (reversed ranges flip the axis), linearly or in log10. */
export class Scale {
  readonly kind: ScaleKind;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];

  constructor(kind: ScaleKind, domain: readonly [number, number], range: readonly [number, number]) {
    const [low, high] = domain;
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
      throw new Error(`A scale's domain must be finite with min < max, got [${low}, ${high}].`);
    }
    if (kind === 'log' && !(low > 0)) throw new Error(`A log scale's domain must be positive, got [${low}, ${high}].`);
    this.kind = kind;
    this.domain = domain;
    this.range = range;
  }

  /** The pixel position of `value`; NaN where the value cannot be shown (non-finite, or ≤ 0 on a log scale). */
  map(value: number): number {
    const position = this.normalize(value);
    return this.range[0] + position * (this.range[1] - this.range[0]);
  }

  /** Where `value` lies in the domain: 0 at its start, 1 at its end. */
  normalize(value: number): number {
    const [low, high] = this.domain;
    if (!Number.isFinite(value)) return Number.NaN;
    if (this.kind === 'linear') return (value - low) / (high - low);
    return value > 0 ? Math.log(value / low) / Math.log(high / low) : Number.NaN;
  }

  /** About `target` labelled ticks (linear), at least `minStep` apart; decades and their multiples (log). */
  ticks(target = 5, minStep = 0): Tick[] {
    const [low, high] = this.domain;
    return this.kind === 'linear' ? linearTicks(low, high, target, minStep) : logTicks(low, high);
  }
}

/**
 * A y domain that shows `values` with a margin: `padding` of the span on a linear axis (a degenerate span becomes
 * ±10% of the value, or ±1 at 0), or the same fraction of the decades on a log axis
 * (at least half a decade in all).
 */
export function paddedDomain(values: Iterable<number>, kind: ScaleKind, padding = 0.05): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value) || (kind === 'log' && value <= 0)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  if (low > high) return kind === 'log' ? [0.1, 10] : [0, 1];
  if (kind === 'log') {
    // At least half a decade, so that a nearly constant series still gets readable ticks.
    const decades = Math.log10(high / low);
    const pad = decades < 0.5 ? (0.5 - decades) / 2 + decades * padding : decades * padding;
    return [low / 10 ** pad, high * 10 ** pad];
  }
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return [low - pad, high + pad];
  }
  const pad = (high - low) * padding;
  return [low - pad, high + pad];
}

/**
 * Whether values read better on a log axis: all positive and spread over more than `ratio` (default 30×). Costs
 * that fall by orders of magnitude during training are the case in point.
 */
export function prefersLogScale(values: Iterable<number>, ratio = 30): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value <= 0) return false;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return low <= high && high / low > ratio;
}
