import { describe, expect, it } from 'vitest';
import { UsageError, type OptionSpec } from './command';
import { parseCommandArgs } from './parse-args';

const OPTIONS: Record<string, OptionSpec> = {
  n: { type: 'string', short: 'n', description: 'count' },
  out: { type: 'string', short: 'o', valueName: 'file', description: 'output' },
  lr: { type: 'string', description: 'rate' },
  json: { type: 'boolean', description: 'json' },
  kind: { type: 'string', description: 'kind', choices: ['density', 'samples'] },
  tag: { type: 'string', description: 'tag', multiple: true },
};
const POSITIONALS = [{ name: 'model.json', description: 'The model file.', required: true }];

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandArgs', () => {
  it('reads long, short, inline and repeated options, and positionals', () => {
    const parsed = parseCommandArgs(['m.json', '-n', '5', '--out=a.csv', '-ob.csv', '--json', '--tag', 'x', '--tag=y'], OPTIONS, POSITIONALS);
    expect(parsed.positionals).toEqual(['m.json']);
    expect(parsed.options).toMatchObject({ n: '5', out: 'b.csv', json: true, tag: ['x', 'y'] });
  });

  it('passes negative numbers through as values, for the command to judge', () => {
    expect(parseCommandArgs(['x', '-n', '-5', '--lr', '-1e-3'], OPTIONS, POSITIONALS).options).toMatchObject({ n: '-5', lr: '-1e-3' });
  });

  it('suggests the closest flag for an unknown one', () => {
    expect(usageMessage(() => parseCommandArgs(['--ouT', 'a'], OPTIONS))).toBe('unknown option --ouT. Did you mean --out?');
    expect(usageMessage(() => parseCommandArgs(['--jsno'], OPTIONS))).toBe('unknown option --jsno. Did you mean --json?');
    expect(usageMessage(() => parseCommandArgs(['--zzzzzz'], OPTIONS))).toBe('unknown option --zzzzzz');
    expect(usageMessage(() => parseCommandArgs(['-q'], OPTIONS))).toBe('unknown option -q');
  });

  it('explains missing values, values on switches, choices and positionals', () => {
    expect(usageMessage(() => parseCommandArgs(['--out'], OPTIONS))).toBe('--out needs a value (--out <file>)');
    expect(usageMessage(() => parseCommandArgs(['--out', '--json'], OPTIONS))).toBe('--out needs a value (--out <file>), but it is followed by --json');
    expect(usageMessage(() => parseCommandArgs(['--json=1'], OPTIONS))).toBe('--json is a switch and takes no value, got "--json=1"');
    expect(usageMessage(() => parseCommandArgs(['--kind', 'heat'], OPTIONS))).toBe('--kind must be one of density, samples; got "heat"');
    expect(usageMessage(() => parseCommandArgs([], OPTIONS, POSITIONALS))).toBe('missing <model.json>: The model file.');
    expect(usageMessage(() => parseCommandArgs(['a', 'b'], OPTIONS, POSITIONALS))).toBe('unexpected extra argument "b"');
    expect(usageMessage(() => parseCommandArgs(['a'], OPTIONS))).toBe('unexpected argument "a": this command takes options only');
  });

  it('treats everything after -- as positionals', () => {
    expect(parseCommandArgs(['--', '--json'], OPTIONS, POSITIONALS).positionals).toEqual(['--json']);
  });
});
