import { UsageError, type OptionSpec, type ParsedArgs, type PositionalSpec } from './command';
import { stringOption } from './option-values';

/** The model file as the first argument (`otflow sample model.json`), as `info` and `import-reference` take theirs. */
export const MODEL_POSITIONAL: PositionalSpec = { name: 'model.json', description: 'The model file (or --model).', required: false };

/** The same file as a flag, kept for scripts written against it. */
export function modelOption(description = 'The model file (or give it as the first argument).'): OptionSpec {
  return { type: 'string', short: 'm', valueName: 'model.json', description };
}

/**
 * The model file a command was given, as the first argument or with --model; undefined when neither was given.
 * Both at once is an error unless they name the same file.
 */
export function optionalModelPath(args: ParsedArgs): string | undefined {
  const positional = args.positionals[0];
  const flag = stringOption(args, 'model');
  if (positional !== undefined && flag !== undefined && positional !== flag) {
    throw new UsageError(`two model files given (${positional} and --model ${flag}): pass one, as the first argument or with --model`);
  }
  return positional ?? flag;
}

/** The model file a command needs; says how to pass it when missing. */
export function modelPath(args: ParsedArgs, command: string): string {
  const path = optionalModelPath(args);
  if (path === undefined) {
    throw new UsageError(`which model? Pass the model file as the first argument (otflow ${command} model.json …) or with --model`);
  }
  return path;
}
