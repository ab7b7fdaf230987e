/** A table column: its header and how a run's value is written. */
export interface StudyColumn<Run> {
  header: string;
  value: (run: Run) => string;
}

/** Fixed-point for moderate magnitudes, exponent form otherwise; '–' for a missing value. */
export function formatStudyNumber(value: number | null, digits = 4): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(2) : value.toFixed(digits);
}

/** The rows as aligned plain text for the terminal. */
export function terminalTable<Run>(runs: readonly Run[], columns: readonly StudyColumn<Run>[]): string {
  const cells = [columns.map((column) => column.header), ...runs.map((run) => columns.map((column) => column.value(run)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((cell, i) => cell.padStart(widths[i])).join('  ')).join('\n');
}

/** The rows as a GitHub-flavoured markdown table. */
export function markdownTable<Run>(runs: readonly Run[], columns: readonly StudyColumn<Run>[]): string {
  // A literal '|' (as in |L − ½W₂²|) would end the cell.
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [
    line(columns.map((column) => column.header)),
    line(columns.map(() => '---:')),
    ...runs.map((run) => line(columns.map((column) => column.value(run)))),
  ].join('\n');
}
