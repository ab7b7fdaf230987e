import { UsageError, type ParsedArgs } from './command';
import { flagName } from './flag-name';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function text(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`Option ${flagName(name)} is not a string option.`);
  return value;
}

/** A number written in decimal (exponents allowed), or undefined when the text is not one. */
function parseDecimal(value: string): number | undefined {
  const trimmed = value.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : undefined;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = text(args, name);
  if (value !== undefined && value.length === 0) throw new UsageError(`${flagName(name)} needs a non-empty value`);
  return value;
}

export function requiredString(args: ParsedArgs, name: string, example: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`${flagName(name)} is required, e.g. ${flagName(name)} ${example}`);
  return value;
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** An integer ≥ `min` (default 1: a positive count). */
export function integerOption(args: ParsedArgs, name: string, min = 1): number | undefined {
  const value = text(args, name);
  if (value === undefined) return undefined;
  const number = parseDecimal(value);
  if (number === undefined || !Number.isInteger(number) || number < min) {
    const wanted = min === 1 ? 'a positive integer' : min === 0 ? 'an integer ≥ 0' : `an integer ≥ ${min}`;
    throw new UsageError(`${flagName(name)} must be ${wanted}, got "${value}"`);
  }
  return number;
}

/** A finite number; `positive` demands > 0, otherwise ≥ `min` when given. */
export function numberOption(args: ParsedArgs, name: string, bound: { positive?: boolean; min?: number; above?: number } = {}): number | undefined {
  const value = text(args, name);
  if (value === undefined) return undefined;
  const number = parseDecimal(value);
  const { positive = false, min, above } = bound;
  const lower = positive ? 0 : above;
  if (number === undefined || (lower !== undefined && !(number > lower)) || (min !== undefined && number < min)) {
    const wanted = lower !== undefined ? `a number > ${lower}` : min !== undefined ? `a number ≥ ${min}` : 'a number';
    throw new UsageError(`${flagName(name)} must be ${wanted}, got "${value}"`);
  }
  return number;
}

/** Exactly `length` comma-separated numbers ≥ 0, e.g. `--alph 1,30,1`. */
export function numberListOption(args: ParsedArgs, name: string, length: number, example: string): number[] | undefined {
  const value = text(args, name);
  if (value === undefined) return undefined;
  const parts = value.split(',').map(parseDecimal);
  if (parts.length !== length || parts.some((n) => n === undefined || n < 0)) {
    throw new UsageError(`${flagName(name)} must be ${length} comma-separated numbers ≥ 0 such as ${example}, got "${value}"`);
  }
  return parts as number[];
}
