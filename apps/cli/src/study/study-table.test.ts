import { describe, expect, it } from 'vitest';
import { formatStudyNumber, markdownTable, terminalTable } from './study-table';

const COLUMNS = [
  { header: '|L − ½W₂²|', value: (run: { gap: number }) => formatStudyNumber(run.gap) },
  { header: 'n', value: (run: { gap: number }) => String(run.gap * 1000) },
];

describe('study tables', () => {
  it('markdown escapes pipes inside cells so that the columns stay aligned', () => {
    expect(markdownTable([{ gap: 0.5 }], COLUMNS).split('\n')).toEqual(['| \\|L − ½W₂²\\| | n |', '| ---: | ---: |', '| 0.5000 | 500 |']);
  });

  it('terminal tables right-align every column to its widest cell', () => {
    expect(terminalTable([{ gap: 0.5 }, { gap: 12 }], COLUMNS).split('\n')).toEqual(['|L − ½W₂²|      n', '    0.5000    500', '   12.0000  12000']);
  });

  it('numbers: fixed point for moderate magnitudes, exponents for tiny or huge ones, a dash for none', () => {
    expect([formatStudyNumber(1.23456), formatStudyNumber(-2e-5), formatStudyNumber(3e6), formatStudyNumber(null), formatStudyNumber(0)]).toEqual([
      '1.2346',
      '-2.00e-5',
      '3.00e+6',
      '–',
      '0.0000',
    ]);
  });
});
