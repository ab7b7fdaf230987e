import type { DigitRef } from './digits-protocol';

/** Digits shown by the generator (row indices 0 … GRID_SIZE − 1 of one seed). */
export const GRID_SIZE = 16;
const MAX_SEED = 2 ** 31 - 1;

/** What a link to the digits page reproduces: the generated grid, the interpolation's two ends and its position. */
export interface DigitsState {
  /** Seed of the generated grid. */
  seed: number;
  a: DigitRef;
  b: DigitRef;
  /** Position on the line from a (0) to b (1). */
  t: number;
}

export const DEFAULT_DIGITS_STATE: DigitsState = { seed: 0, a: { seed: 0, index: 0 }, b: { seed: 0, index: 1 }, t: 0.5 };

function encodeDigit(digit: DigitRef): string {
  return `${digit.seed}-${digit.index}`;
}

/** The query string of a state: `seed=0&a=0-0&b=0-1&t=0.5` (a digit is seed-index). */
export function encodeDigitsState(state: DigitsState): string {
  return new URLSearchParams({ seed: String(state.seed), a: encodeDigit(state.a), b: encodeDigit(state.b), t: String(state.t) }).toString();
}

function parseSeed(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value <= MAX_SEED ? value : null;
}

/** Reads a query string; missing parameters take their defaults, invalid ones are reported and replaced. */
export function decodeDigitsState(query: string): { state: DigitsState; problems: string[] } {
  const parameters = new URLSearchParams(query);
  const state: DigitsState = { ...DEFAULT_DIGITS_STATE };
  const problems: string[] = [];
  const seed = parameters.get('seed');
  if (seed !== null) {
    const value = parseSeed(seed);
    if (value === null) problems.push(`The link's seed "${seed}" is not an integer from 0 to ${MAX_SEED}; using ${state.seed}.`);
    else state.seed = value;
  }
  for (const end of ['a', 'b'] as const) {
    const text = parameters.get(end);
    if (text === null) continue;
    const match = /^(\d+)-(\d+)$/.exec(text);
    const digitSeed = match ? parseSeed(match[1]) : null;
    const index = match ? Number(match[2]) : NaN;
    if (digitSeed === null || !(index < GRID_SIZE)) {
      problems.push(`The link's digit ${end} = "${text}" is not seed-index (index below ${GRID_SIZE}); using ${encodeDigit(state[end])}.`);
    } else {
      state[end] = { seed: digitSeed, index };
    }
  }
  const t = parameters.get('t');
  if (t !== null) {
    const value = Number(t);
    if (t.trim() === '' || !(value >= 0 && value <= 1)) problems.push(`The link's t = "${t}" is not a number from 0 to 1; using ${state.t}.`);
    else state.t = value;
  }
  return { state, problems };
}
