import { describe, expect, it } from 'vitest';
import { UsageError, type ParsedArgs } from './command';
import { modelPath, optionalModelPath } from './model-argument';

const args = (positionals: string[], model?: string): ParsedArgs => ({ options: { model }, positionals });

describe('the model file argument', () => {
  it('comes as the first argument or as --model, and both may name the same file', () => {
    expect(modelPath(args(['a.json']), 'sample')).toBe('a.json');
    expect(modelPath(args([], 'b.json'), 'sample')).toBe('b.json');
    expect(modelPath(args(['c.json'], 'c.json'), 'sample')).toBe('c.json');
    expect(optionalModelPath(args([]))).toBeUndefined();
  });

  it('rejects two different files and a missing one with usage errors that say how to pass it', () => {
    expect(() => modelPath(args(['a.json'], 'b.json'), 'eval')).toThrow(
      new UsageError('two model files given (a.json and --model b.json): pass one, as the first argument or with --model'),
    );
    expect(() => modelPath(args([]), 'density')).toThrow(
      new UsageError('which model? Pass the model file as the first argument (otflow density model.json …) or with --model'),
    );
  });
});
