import { parseArgs } from 'node:util';
import { closestMatch } from './closest-match';
import { UsageError, type OptionSpec, type ParsedArgs, type PositionalSpec } from './command';
import { flagName } from './flag-name';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function unknownFlag(token: string, options: Record<string, OptionSpec>): UsageError {
  const written = token.split('=')[0];
  const meant = written.startsWith('--') ? closestMatch(written.slice(2), Object.keys(options)) : undefined;
  return new UsageError(`unknown option ${written}${meant === undefined ? '' : `. Did you mean ${flagName(meant)}?`}`);
}

/**
 * Rewrites every option as `--name` or `--name=value` after checking it, so that the strict parse below cannot
 * misread a value: negative numbers are accepted as values (`-n -5` reaches the command, which rejects it with a
 * useful message), a flag where a value should be is an error, and unknown flags get a suggestion.
 */
function normalize(argv: readonly string[], options: Record<string, OptionSpec>): string[] {
  const shortNames = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name]] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('-') || token === '-' || NUMBER.test(token)) {
      out.push(token);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      name = equals < 0 ? token.slice(2) : token.slice(2, equals);
      inline = equals < 0 ? undefined : token.slice(equals + 1);
    } else {
      name = shortNames.get(token[1]) ?? (token.length === 2 && options[token[1]] ? token[1] : undefined);
      inline = token.length > 2 ? token.slice(2).replace(/^=/, '') : undefined;
    }
    const spec = name === undefined ? undefined : options[name];
    if (name === undefined || spec === undefined) throw unknownFlag(token, options);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flagName(name)} is a switch and takes no value, got "${token}"`);
      out.push(`--${name}`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      const what = `${flagName(name)} needs a value (${flagName(name)} <${spec.valueName ?? 'value'}>)`;
      if (next === undefined) throw new UsageError(what);
      if (next.startsWith('-') && next !== '-' && !NUMBER.test(next)) throw new UsageError(`${what}, but it is followed by ${next}`);
      value = next;
      i++;
    }
    out.push(`--${name}=${value}`);
  }
  return out;
}

/**
 * Parses a command's arguments against its option specs with node:util's strict parseArgs: unknown flags are
 * rejected with the closest valid one suggested, `choices` are enforced with the valid values listed, and the
 * positionals are counted against their specs. Values stay strings (or booleans); commands parse them further.
 */
export function parseCommandArgs(
  argv: readonly string[],
  options: Record<string, OptionSpec>,
  positionals: readonly PositionalSpec[] = [],
): ParsedArgs {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, { type: spec.type, multiple: spec.multiple ?? false }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: normalize(argv, options), options: config, strict: true, allowPositionals: true });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  for (const [name, spec] of Object.entries(options)) {
    const value = parsed.values[name];
    if (spec.choices === undefined || value === undefined) continue;
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (typeof entry === 'string' && !spec.choices.includes(entry)) {
        throw new UsageError(`${flagName(name)} must be one of ${spec.choices.join(', ')}; got "${entry}"`);
      }
    }
  }
  const missing = positionals.slice(parsed.positionals.length).find((p) => p.required);
  if (missing !== undefined) throw new UsageError(`missing <${missing.name}>: ${missing.description}`);
  if (parsed.positionals.length > positionals.length) {
    const extra = parsed.positionals[positionals.length];
    throw new UsageError(
      positionals.length === 0 ? `unexpected argument "${extra}": this command takes options only` : `unexpected extra argument "${extra}"`,
    );
  }
  return { options: parsed.values as ParsedArgs['options'], positionals: parsed.positionals };
}
