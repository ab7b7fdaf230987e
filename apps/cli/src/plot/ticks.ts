/** A tick mark: major ticks carry a label, minor ones (log axes) do not. */
export interface Tick {
  value: number;
  label?: string;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** The step among 1, 2, 5 × 10^k that splits `span` into about `target` intervals. */
export function niceStep(span: number, target: number): number {
  const rough = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const mantissa = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return mantissa * power;
}

function typographicMinus(text: string): string {
  return text.replace(/-/g, '−');
}

/** Labels for ticks `step` apart: just enough decimals to tell neighbours apart; exponent form for huge or tiny values. */
export function formatLinearTick(value: number, step: number): string {
  if (value === 0 || Math.abs(value) < step * 1e-9) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || step < 1e-4) {
    const digits = Math.max(0, Math.floor(Math.log10(magnitude)) - Math.floor(Math.log10(step)));
    return typographicMinus(value.toExponential(Math.min(digits, 6)).replace(/\.?0+e/, 'e').replace('e+', 'e'));
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return typographicMinus(value.toFixed(decimals));
}

/** About `target` evenly spaced labelled ticks at round values inside [min, max], at least `minStep` apart. */
export function linearTicks(min: number, max: number, target = 5, minStep = 0): Tick[] {
  if (!(max > min)) return [{ value: min, label: formatLinearTick(min, Math.abs(min) || 1) }];
  const step = Math.max(niceStep(max - min, target), minStep);
  const tolerance = step * 1e-6;
  const ticks: Tick[] = [];
  for (let k = Math.ceil((min - tolerance) / step); k * step <= max + tolerance; k++) {
    const value = k * step;
    ticks.push({ value, label: formatLinearTick(value, step) });
  }
  return ticks;
}

/** 10^exponent as a label: plain digits for 0.001 … 10000, otherwise 10 with a superscript exponent. */
export function formatPowerOfTen(exponent: number): string {
  if (exponent >= -3 && exponent <= 4) return exponent < 0 ? (10 ** exponent).toFixed(-exponent) : String(10 ** exponent);
  const digits = String(Math.abs(exponent))
    .split('')
    .map((digit) => SUPERSCRIPT_DIGITS[Number(digit)])
    .join('');
  return `10${exponent < 0 ? '⁻' : ''}${digits}`;
}

/**
 * Ticks for a log axis over [min, max] (both > 0): labelled decades (every k-th one when there are many), with the
 * 2…9 multiples as unlabelled minor ticks; when less than two decades show, 2× and 5× are labelled too.
 */
export function logTicks(min: number, max: number): Tick[] {
  if (!(min > 0) || !(max > min)) throw new Error(`logTicks needs 0 < min < max, got min = ${min}, max = ${max}.`);
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const decadeStep = Math.max(1, Math.ceil((high - low) / 6));
  const labelMultiples = high - low <= 2;
  const ticks: Tick[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    const decade = 10 ** exponent;
    for (let multiple = 1; multiple <= 9; multiple++) {
      const value = multiple * decade;
      if (value < min * (1 - 1e-9) || value > max * (1 + 1e-9)) continue;
      if (multiple === 1 && exponent % decadeStep === 0) ticks.push({ value, label: formatPowerOfTen(exponent) });
      else if (labelMultiples && (multiple === 2 || multiple === 5)) ticks.push({ value, label: formatLinearTick(value, decade) });
      else if (decadeStep === 1 || multiple === 1) ticks.push({ value });
    }
  }
  return ticks;
}
