/** A flag a command accepts. Values arrive as strings (or booleans) and are parsed by the command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help as `--name <valueName>`. */
  valueName?: string;
  /** Allowed values; anything else is a usage error that lists them. */
  choices?: readonly string[];
  /** Shown in help; the command applies its own defaults. */
  defaultText?: string;
  /** The flag may be given more than once (value becomes string[]). */
  multiple?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  options: OptionValues;
  positionals: string[];
}

/** What every command gets besides its arguments. */
export interface CommandContext {
  /** Human-facing output (progress, logs): process.stderr. */
  stderr: NodeJS.WriteStream;
  /** Machine-facing output (--json, data): process.stdout. */
  stdout: NodeJS.WriteStream;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM; long commands stop cleanly, writing what they must. */
  signal: AbortSignal;
  /** --verbose: print stack traces on failure. */
  verbose: boolean;
  /** --backend (wasm by default); tfjs is already set up when run() is called. */
  backend: 'wasm' | 'cpu';
}

export interface Command {
  name: string;
  /** One line for `otflow --help`. */
  summary: string;
  /** Usage line(s) and a paragraph of detail for `otflow <name> --help`, with examples. */
  help: string;
  options: Record<string, OptionSpec>;
  positionals?: readonly PositionalSpec[];
  /** Commands run as `otflow <name> <sub>` (e.g. "train mnist"); each names itself in full. */
  subcommands?: readonly Command[];
  /**
   * The command watches `context.signal` and stops cleanly on Ctrl-C (a second Ctrl-C still quits at once).
   * Without it, Ctrl-C ends the process immediately.
   */
  handlesInterrupt?: boolean;
  /** Returns the exit code (0 when omitted). Throws UsageError for bad arguments (exit 2), Error for failures (exit 1). */
  run(args: ParsedArgs, context: CommandContext): Promise<number | void>;
}

/** A problem with how the command was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
