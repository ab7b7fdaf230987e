import { setupTfjs, type BackendName } from '@otflow/backend';
import { OTFLOW_VERSION } from '../version';
import { closestMatch } from './closest-match';
import { UsageError, type Command, type CommandContext, type OptionValues } from './command';
import { GLOBAL_OPTIONS } from './global-options';
import { formatCommandHelp, formatGlobalHelp } from './help';
import { parseCommandArgs } from './parse-args';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Called once the command is known, before it runs. */
  onCommand?: (command: Command) => void;
}

/** Splits argv into the global flags before the command, the command's name, and everything after it. */
function splitAtCommand(argv: readonly string[]): { leading: string[]; name: string | undefined; rest: string[] } {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) i += argv[i] === '--backend' ? 2 : 1;
  return { leading: argv.slice(0, i), name: argv[i], rest: argv.slice(i + 1) };
}

/** One line: failures print as `otflow: <message>`. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function withoutGlobals(options: OptionValues): OptionValues {
  return Object.fromEntries(Object.entries(options).filter(([name]) => !(name in GLOBAL_OPTIONS)));
}

/**
 * Runs `otflow <argv>` and returns the exit code: 0 on success, 2 for usage errors (with a pointer to --help), 1
 * for failures (one line; the stack only with --verbose), or what the command returns (130 when interrupted).
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliIo): Promise<number> {
  const { leading, name, rest: afterName } = splitAtCommand(argv);
  let rest = afterName;
  let command: Command | undefined;
  let verbose = argv.includes('--verbose');
  try {
    const globals = parseCommandArgs(leading, GLOBAL_OPTIONS).options;
    if (name === undefined) {
      if (globals.version) io.stdout.write(`${OTFLOW_VERSION}\n`);
      else (globals.help ? io.stdout : io.stderr).write(formatGlobalHelp(commands, GLOBAL_OPTIONS, OTFLOW_VERSION));
      return globals.version || globals.help ? 0 : 2;
    }
    command = commands.find((c) => c.name === name);
    if (command === undefined) {
      const meant = closestMatch(name, commands.map((c) => c.name));
      throw new UsageError(
        `unknown command "${name}". ${meant ? `Did you mean "${meant}"? ` : ''}Commands: ${commands.map((c) => c.name).join(', ')}`,
      );
    }
    const subcommand = command.subcommands?.find((sub) => sub.name === `${name} ${rest[0]}`);
    if (subcommand !== undefined) {
      command = subcommand;
      rest = rest.slice(1);
    }
    // Help wins over anything else on the line, mistakes included.
    const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (globals.help || beforeSeparator.some((token) => token === '--help' || token === '-h')) {
      io.stdout.write(formatCommandHelp(command, GLOBAL_OPTIONS));
      return 0;
    }
    const args = parseCommandArgs(rest, { ...command.options, ...GLOBAL_OPTIONS }, command.positionals);
    const options = { ...globals, ...args.options };
    if (options.version) {
      io.stdout.write(`${OTFLOW_VERSION}\n`);
      return 0;
    }
    verbose = options.verbose === true;
    const backend = (options.backend ?? 'wasm') as BackendName;
    await setupTfjs({ backend });
    const context: CommandContext = { stdout: io.stdout, stderr: io.stderr, signal: io.signal, verbose, backend };
    io.onCommand?.(command);
    return (await command.run({ options: withoutGlobals(args.options), positionals: args.positionals }, context)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const where = command ? `otflow ${command.name}` : 'otflow';
      io.stderr.write(`${where}: ${oneLine(error.message)}\nRun "${where} --help" for usage.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`otflow: ${oneLine(message)}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
