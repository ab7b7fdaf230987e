import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/command';
import { describeDataSpec, parseDataSpec } from './data-spec';

describe('parseDataSpec', () => {
  it('tells toy densities, benchmarks and files apart', () => {
    expect(parseDataSpec('swissroll', undefined)).toEqual({ kind: 'toy', name: 'swissroll' });
    expect(parseDataSpec('POWER', 'maf/data')).toEqual({ kind: 'benchmark', name: 'power', dataDir: resolve('maf/data') });
    expect(parseDataSpec('points.NPY', undefined)).toEqual({ kind: 'file', path: resolve('points.NPY'), format: 'npy' });
    expect(describeDataSpec(parseDataSpec('a.csv', undefined))).toBe(resolve('a.csv'));
  });

  it('rejects what it cannot read as usage errors that say what is accepted', () => {
    const attempts = [
      () => parseDataSpec('gaussians', undefined),
      () => parseDataSpec('gas', undefined),
      () => parseDataSpec('table.txt', undefined),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(UsageError);
    expect(attempts[0]).toThrow(/unknown dataset "gaussians": --data takes a toy 2-D density \(8gaussians, .*\), a \.csv or \.npy file/);
    expect(attempts[1]).toThrow(/--data gas is a MAF benchmark: add --data-dir <folder>/);
    expect(attempts[2]).toThrow(/files must be \.csv or \.npy \(got \.txt\)/);
  });
});
