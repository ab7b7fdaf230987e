/**
 * The shortest decimal that reads back as the same float32 (at most 9 significant digits), e.g. 0.1 rather than
 * 0.10000000149011612: values computed in float32 print without noise and lose nothing.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const target = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === target) return String(text);
  }
  return String(Number(value.toPrecision(9)));
}

/** A number for people: `digits` significant digits, no exponent for ordinary magnitudes. */
export function formatQuantity(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4)) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}
