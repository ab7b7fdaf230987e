/** An sRGB colour as 0…255 channels. */
export type Rgb = readonly [number, number, number];

/** Maps t ∈ [0, 1] (clamped) to a colour. */
export type Colormap = (t: number) => Rgb;

// Matplotlib's viridis at t = 0, 0.1, …, 1 (perceptually uniform, readable in greyscale and by colour-blind
// readers); linear interpolation between these anchors stays within a few levels of the full 256-entry table.
const VIRIDIS_ANCHORS: readonly Rgb[] = [
  '#440154', '#482576', '#414487', '#35608D', '#2A788E', '#21908C', '#22A884', '#43BF71', '#7AD151', '#BBDF27', '#FDE725',
].map(parseHex);

function parseHex(hex: string): Rgb {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** The viridis colormap: dark purple at 0 through teal to yellow at 1. NaN maps to the low end. */
export const viridis: Colormap = (t) => {
  const clamped = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  const position = clamped * (VIRIDIS_ANCHORS.length - 1);
  const index = Math.min(VIRIDIS_ANCHORS.length - 2, Math.floor(position));
  const fraction = position - index;
  const from = VIRIDIS_ANCHORS[index];
  const to = VIRIDIS_ANCHORS[index + 1];
  const mix = (channel: number): number => Math.round(from[channel] + fraction * (to[channel] - from[channel]));
  return [mix(0), mix(1), mix(2)];
};

/** A CSS colour string for `rgb`, with an optional alpha. */
export function cssColor(rgb: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})` : `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}
