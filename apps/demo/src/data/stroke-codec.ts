import type { Stroke } from '../settings';

/** The drawing pad covers [−DRAW_EXTENT, DRAW_EXTENT]² in data units, the range of the toy densities. */
export const DRAW_EXTENT = 4;
const LEVELS = 255;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STROKE_SEPARATOR = '.';

/** The nearest of the 256 coordinate levels the URL stores (one byte per coordinate). */
export function quantizeCoordinate(value: number): number {
  const clamped = Math.min(DRAW_EXTENT, Math.max(-DRAW_EXTENT, value));
  return levelToCoordinate(Math.round(((clamped + DRAW_EXTENT) / (2 * DRAW_EXTENT)) * LEVELS));
}

function levelToCoordinate(level: number): number {
  return (level / LEVELS) * 2 * DRAW_EXTENT - DRAW_EXTENT;
}

function coordinateToLevel(value: number): number {
  return Math.round(((value + DRAW_EXTENT) / (2 * DRAW_EXTENT)) * LEVELS);
}

/** Strokes as URL-safe text: each stroke base64url bytes (one per coordinate), strokes separated by '.'. */
export function encodeStrokes(strokes: readonly Stroke[]): string {
  return strokes
    .filter((stroke) => stroke.length >= 2)
    .map((stroke) => {
      const bytes = stroke.map((value) => coordinateToLevel(quantizeCoordinate(value)));
      let text = '';
      for (let i = 0; i < bytes.length; i += 3) {
        const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
        const characters = Math.ceil(((Math.min(3, bytes.length - i)) * 8) / 6);
        for (let k = 0; k < characters; k++) text += BASE64URL[(chunk >> (18 - 6 * k)) & 63];
      }
      return text;
    })
    .join(STROKE_SEPARATOR);
}

/** The inverse of {@link encodeStrokes}; throws with the stroke number and the problem on malformed text. */
export function decodeStrokes(text: string): Stroke[] {
  if (text === '') return [];
  return text.split(STROKE_SEPARATOR).map((part, index) => {
    const bytes: number[] = [];
    for (let i = 0; i < part.length; i += 4) {
      const group = part.slice(i, i + 4);
      if (group.length === 1) throw new Error(`strokes: stroke ${index + 1} is truncated (a lone trailing character).`);
      let chunk = 0;
      for (let k = 0; k < 4; k++) {
        const value = k < group.length ? BASE64URL.indexOf(group[k]) : 0;
        if (value < 0) throw new Error(`strokes: stroke ${index + 1} has the character "${group[k]}", which is not base64url.`);
        chunk = (chunk << 6) | value;
      }
      const count = group.length - 1;
      for (let k = 0; k < count; k++) bytes.push((chunk >> (16 - 8 * k)) & 255);
    }
    if (bytes.length < 2 || bytes.length % 2 !== 0) {
      throw new Error(`strokes: stroke ${index + 1} holds ${bytes.length} coordinates; it needs x, y pairs (at least one point).`);
    }
    return bytes.map(levelToCoordinate);
  });
}
