/** Viridis (perceptually uniform, readable in grey and by colour-blind readers), sampled at nine stops. */
export const VIRIDIS_STOPS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

const STOP_RGB = VIRIDIS_STOPS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/** The colour at `t` in [0, 1] (clamped), linearly interpolated between stops, written into `out` at `offset`. */
export function writeViridis(t: number, out: Uint8ClampedArray, offset: number): void {
  const position = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOP_RGB.length - 1);
  const index = Math.min(STOP_RGB.length - 2, Math.floor(position));
  const f = position - index;
  const [a, b] = [STOP_RGB[index], STOP_RGB[index + 1]];
  out[offset] = a[0] + f * (b[0] - a[0]);
  out[offset + 1] = a[1] + f * (b[1] - a[1]);
  out[offset + 2] = a[2] + f * (b[2] - a[2]);
  out[offset + 3] = 255;
}

/** A CSS gradient of the scale, for the colour bar. */
export function viridisGradient(direction = 'to top'): string {
  return `linear-gradient(${direction}, ${VIRIDIS_STOPS.join(', ')})`;
}
