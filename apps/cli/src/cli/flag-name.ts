/** How a flag is written on the command line: `-n` for one-letter names, `--name` otherwise. */
export function flagName(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}
