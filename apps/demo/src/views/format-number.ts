/** `value` to `significant` digits, in exponent notation when very large or small. */
export function formatNumber(value: number, significant = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(significant - 1);
  return Number(value.toPrecision(significant)).toString();
}
