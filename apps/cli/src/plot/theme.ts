/** The shared look of every figure: colours and text sizes, in logical pixels. */
export const THEME = {
  background: '#ffffff',
  text: '#222222',
  mutedText: '#555555',
  frame: '#333333',
  grid: '#e8e8e8',
  /** Data, training curves. */
  primary: '#1f77b4',
  /** Model output: samples, validation curves. */
  secondary: '#e6550d',
  /** Trajectory lines and reference guides. */
  neutral: '#8c8c8c',
  fontSize: {
    figureTitle: 20,
    subtitle: 13,
    panelTitle: 15,
    axisLabel: 14,
    tick: 12,
    legend: 12,
  },
  tickLength: 5,
} as const;

/** Output pixels per logical pixel: figures are laid out in logical pixels and rendered at twice that for sharpness. */
export const PIXEL_RATIO = 2;
