/** 2-D points read from a CSV file, row-major. */
export interface CsvPoints {
  data: Float32Array;
  rows: number;
  /** The header's names of the two columns used, or null without a header. */
  columnNames: [string, string] | null;
}

/** Fewest points worth training on, and the most the page accepts (memory and upload time). */
export const MIN_CSV_POINTS = 10;
export const MAX_CSV_POINTS = 200_000;
const FLOAT32_MAX = 3.4028234663852886e38;

function detectDelimiter(line: string): string | RegExp {
  for (const candidate of ['\t', ';', ',']) if (line.includes(candidate)) return candidate;
  return /\s+/;
}

function isNumber(field: string): boolean {
  return field.trim() !== '' && Number.isFinite(Number(field));
}

/**
 * Parses CSV text into 2-D points. The delimiter (tab, semicolon, comma or spaces) is taken from the first line,
 * which is a header when one of its fields is not a number where the next line has one (a text column in every
 * row is data, not a header). With a header naming columns `x` and `y` those are
 * used; otherwise the first two columns. Every error names the file, the line and what to fix.
 */
export function parseCsvPoints(text: string, fileName = 'the file'): CsvPoints {
  const lines = text.split(/\r?\n/);
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) throw new Error(`${fileName} is empty: upload a CSV file with two numeric columns (x, y).`);
  const delimiter = detectDelimiter(lines[firstIndex]);
  const split = (line: string) => line.trim().split(delimiter).map((field) => field.trim().replace(/^"(.*)"$/, '$1'));

  const first = split(lines[firstIndex]);
  const secondLine = lines.slice(firstIndex + 1).find((line) => line.trim() !== '');
  const second = secondLine === undefined ? null : split(secondLine);
  const hasHeader = first.some((field, i) => !isNumber(field) && (second === null || isNumber(second[i] ?? '')));
  let columns: [number, number] = [0, 1];
  let columnNames: [string, string] | null = null;
  if (hasHeader) {
    const lower = first.map((name) => name.toLowerCase());
    const [xIndex, yIndex] = [lower.indexOf('x'), lower.indexOf('y')];
    if (xIndex >= 0 && yIndex >= 0) columns = [xIndex, yIndex];
    if (first.length < 2) {
      throw new Error(`${fileName}, line ${firstIndex + 1}: the header has ${first.length} column; the demo needs two (x, y).`);
    }
    columnNames = [first[columns[0]], first[columns[1]]];
  }

  const values: number[] = [];
  for (let i = hasHeader ? firstIndex + 1 : firstIndex; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = split(lines[i]);
    const needed = Math.max(columns[0], columns[1]) + 1;
    if (fields.length < needed) {
      throw new Error(`${fileName}, line ${i + 1}: found ${fields.length} field(s), expected at least ${needed}.`);
    }
    for (const column of columns) {
      if (!isNumber(fields[column])) {
        throw new Error(`${fileName}, line ${i + 1}, column ${column + 1}: "${fields[column]}" is not a finite number.`);
      }
      const value = Number(fields[column]);
      if (Math.abs(value) > FLOAT32_MAX) {
        throw new Error(`${fileName}, line ${i + 1}, column ${column + 1}: ${value} is beyond the float32 range (±3.4e38).`);
      }
      values.push(value);
    }
    if (values.length / 2 > MAX_CSV_POINTS) {
      throw new Error(`${fileName} has more than ${MAX_CSV_POINTS} points; upload a subsample.`);
    }
  }
  const rows = values.length / 2;
  if (rows < MIN_CSV_POINTS) {
    throw new Error(`${fileName} has ${rows} point(s); the demo needs at least ${MIN_CSV_POINTS} to learn a density.`);
  }
  return { data: Float32Array.from(values), rows, columnNames };
}
