import { describe, expect, it } from 'vitest';
import { MIN_CSV_POINTS, parseCsvPoints } from '../src/data/csv-points';

function rows(count: number, format: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => format(i)).join('\n');
}

describe('parseCsvPoints', () => {
  it('reads a headerless comma file from the first two columns', () => {
    const points = parseCsvPoints(rows(12, (i) => `${i},${-i / 2},ignored`));
    expect(points.rows).toBe(12);
    expect(points.columnNames).toBeNull();
    expect(Array.from(points.data.slice(0, 4))).toEqual([0, 0, 1, -0.5]);
  });

  it('takes a first line with names over numeric columns as a header', () => {
    const points = parseCsvPoints('a,b,note\n' + rows(10, (i) => `${i},${i},text`));
    expect(points.columnNames).toEqual(['a', 'b']);
    expect(points.rows).toBe(10);
  });

  it('uses the columns named x and y when the header has them, with any delimiter', () => {
    for (const delimiter of [',', ';', '\t', '  ']) {
      const text = `label${delimiter}y${delimiter}x\r\n` + rows(10, (i) => `a${delimiter}${i}${delimiter}${10 * i}`) + '\n\n';
      const points = parseCsvPoints(text, 'points.csv');
      expect(points.columnNames).toEqual(['x', 'y']);
      expect(points.rows).toBe(10);
      expect(Array.from(points.data.slice(2, 4))).toEqual([10, 1]);
    }
  });

  it('names the file, line and column of a bad value', () => {
    const text = 'x,y\n' + rows(10, (i) => (i === 4 ? '1,abc' : `${i},${i}`));
    expect(() => parseCsvPoints(text, 'data.csv')).toThrow('data.csv, line 6, column 2: "abc" is not a finite number.');
    expect(() => parseCsvPoints('x,y\n1\n', 'short.csv')).toThrow('short.csv, line 2: found 1 field(s), expected at least 2.');
    expect(() => parseCsvPoints('x,y\n1,1e40\n', 'big.csv')).toThrow(/line 2, column 2: 1e\+40 is beyond the float32 range/);
  });

  it('rejects empty files and files with too few points', () => {
    expect(() => parseCsvPoints('\n \n', 'empty.csv')).toThrow('empty.csv is empty');
    expect(() => parseCsvPoints(rows(MIN_CSV_POINTS - 1, (i) => `${i},${i}`), 'few.csv')).toThrow(
      `few.csv has ${MIN_CSV_POINTS - 1} point(s); the demo needs at least ${MIN_CSV_POINTS}`,
    );
  });
});
