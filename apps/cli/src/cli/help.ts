import type { Command, OptionSpec } from './command';
import { flagName } from './flag-name';

function optionLabel(name: string, spec: OptionSpec): string {
  const long = flagName(name);
  const short = spec.short !== undefined && spec.short !== name ? `-${spec.short}, ` : '';
  const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
  return `${short}${long}${value}`;
}

function optionDetails(spec: OptionSpec): string {
  const extras = [
    spec.choices ? `one of: ${spec.choices.join(', ')}` : undefined,
    spec.defaultText !== undefined ? `default: ${spec.defaultText}` : undefined,
    spec.multiple ? 'may be repeated' : undefined,
  ].filter((entry) => entry !== undefined);
  return extras.length === 0 ? spec.description : `${spec.description} (${extras.join('; ')})`;
}

function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Two aligned columns, labels then text wrapped to fit `width`; a long label gets a line of its own. */
function formatTable(rows: [string, string][], width = 100): string {
  const labelWidth = Math.min(32, Math.max(...rows.map(([label]) => label.length)) + 2);
  const indent = ' '.repeat(2 + labelWidth);
  const lines: string[] = [];
  for (const [label, text] of rows) {
    const wrapped = wrapWords(text, Math.max(30, width - indent.length));
    if (label.length + 2 > labelWidth) lines.push(`  ${label}`);
    else lines.push(`  ${label.padEnd(labelWidth)}${wrapped.shift()}`);
    for (const part of wrapped) lines.push(indent + part);
  }
  return lines.join('\n');
}

function optionsTable(options: Record<string, OptionSpec>): string {
  return formatTable(Object.entries(options).map(([name, spec]) => [optionLabel(name, spec), optionDetails(spec)]));
}

/** `otflow <command> --help`: the command's own text, its positionals and options, then the global options. */
export function formatCommandHelp(command: Command, globalOptions: Record<string, OptionSpec>): string {
  const sections = [command.help.trim()];
  if (command.positionals && command.positionals.length > 0) {
    const rows = command.positionals.map((p): [string, string] => [`<${p.name}>`, `${p.description}${p.required ? '' : ' (optional)'}`]);
    sections.push(`Arguments:\n${formatTable(rows)}`);
  }
  if (command.subcommands && command.subcommands.length > 0) {
    sections.push(`Subcommands:\n${formatTable(command.subcommands.map((sub): [string, string] => [sub.name, sub.summary]))}`);
  }
  if (Object.keys(command.options).length > 0) sections.push(`Options:\n${optionsTable(command.options)}`);
  sections.push(`Global options:\n${optionsTable(globalOptions)}`);
  return `${sections.join('\n\n')}\n`;
}

/** `otflow --help`: every command with its summary, and the global options. */
export function formatGlobalHelp(commands: readonly Command[], globalOptions: Record<string, OptionSpec>, version: string): string {
  return [
    `otflow ${version}: OT-Flow continuous normalizing flows on TensorFlow.js (wasm backend).`,
    'Usage: otflow <command> [options]',
    `Commands:\n${formatTable(commands.map((c): [string, string] => [c.name, c.summary]))}`,
    `Global options:\n${optionsTable(globalOptions)}`,
    'Run "otflow <command> --help" for a command\'s options and examples. Start with "otflow quickstart".',
  ].join('\n\n') + '\n';
}
