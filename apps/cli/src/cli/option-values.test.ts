import { describe, expect, it } from 'vitest';
import { UsageError, type ParsedArgs } from './command';
import { integerOption, numberListOption, numberOption, requiredString } from './option-values';

const args = (options: ParsedArgs['options']): ParsedArgs => ({ options, positionals: [] });

describe('option values', () => {
  it('parses decimal numbers, counts and lists', () => {
    expect(integerOption(args({ n: '1e3' }), 'n')).toBe(1000);
    expect(integerOption(args({ seed: '0' }), 'seed', 0)).toBe(0);
    expect(integerOption(args({}), 'n')).toBeUndefined();
    expect(numberOption(args({ lr: '.05' }), 'lr', { positive: true })).toBe(0.05);
    expect(numberListOption(args({ alph: '1, 30,1.5' }), 'alph', 3, '1,30,1')).toEqual([1, 30, 1.5]);
  });

  it('names the flag, what it needs and what it got', () => {
    const cases: [() => unknown, string][] = [
      [() => integerOption(args({ n: '2.5' }), 'n'), '-n must be a positive integer, got "2.5"'],
      [() => integerOption(args({ patience: '-1' }), 'patience', 0), '--patience must be an integer ≥ 0, got "-1"'],
      [() => numberOption(args({ lr: '0x10' }), 'lr', { positive: true }), '--lr must be a number > 0, got "0x10"'],
      [() => numberOption(args({ 'lr-drop-factor': '1' }), 'lr-drop-factor', { above: 1 }), '--lr-drop-factor must be a number > 1, got "1"'],
      [() => numberOption(args({ clamp: '-2' }), 'clamp', { min: 0 }), '--clamp must be a number ≥ 0, got "-2"'],
      [() => numberListOption(args({ alph: '1,-30,1' }), 'alph', 3, '1,30,1'), '--alph must be 3 comma-separated numbers ≥ 0 such as 1,30,1, got "1,-30,1"'],
      [() => requiredString(args({}), 'model', 'model.json'), '--model is required, e.g. --model model.json'],
    ];
    for (const [attempt, message] of cases) {
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(message);
    }
  });
});
