import { isAbsolute, relative } from 'node:path';

/** A path as a person wants to read it: relative to the working folder when it lies inside it. */
export function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
