// Shell blocks: each command is run or checked according to what it is, in order, in the block's folder. A
// command the test does not know fails the block: nothing is skipped silently.
import { dirname, join, resolve } from 'node:path';
import { REPOSITORY_ROOT, type ReadmeBlock } from '../readme-blocks';
import { describeProcess, processSlots, runProcess, type ProcessResult } from './child-process';
import { checkNpmInstall, checkRepositoryCommand, isRepositoryCommand, npmInstallPackages, withoutComment } from './repository-commands';
import { OTFLOW_CLI, type WorkspacePackage } from './scratch-folder';
import { runModule } from './typescript-blocks';

export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell']);

export interface ShellCommand {
  /** README line of the command's first line. */
  line: number;
  text: string;
}

/** The commands of a block: one per line (a trailing backslash continues it), blank lines and comments left out. */
export function shellCommands(block: ReadmeBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = block.code.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = block.line + 1 + index;
    let text = lines[index].trim();
    while (text.endsWith('\\') && index + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++index].trim()}`;
    if (text !== '' && !text.startsWith('#')) commands.push({ line, text });
  }
  return commands;
}

export interface ShellContext {
  packages: readonly WorkspacePackage[];
  /** Wall-clock limit of each command the block runs (waiting for a free process slot not included). */
  timeoutMs: number;
  /** The block's folder (with the fixtures) and environment, made when a command first needs them. */
  workspace: () => Promise<{ folder: string; env: NodeJS.ProcessEnv }>;
}

/** What happened to one command: run (with its time) or checked (with what was checked). */
export interface CommandOutcome {
  command: ShellCommand;
  outcome: string;
  /** Time spent running it; 0 for a check. */
  milliseconds: number;
}

// The MAF bundle's GAS file is a pandas pickle; the README converts it once with Python.
const PANDAS_CONVERSION = /^python3? -c "import pandas as pd; pd\.read_pickle\('([^']+)'\)\.to_csv\('([^']+)', index=False\)"$/;

// The CLI README's `alias otflow="node $PWD/apps/cli/dist/otflow.js"`, typed in the repository root.
const OTFLOW_ALIAS = /^alias otflow="node \$PWD\/(\S+)"$/;

/** The alias must name the CLI that the test's own `otflow` (scratch-folder.ts) runs. */
function checkOtflowAlias(cliPath: string): string {
  if (join(REPOSITORY_ROOT, cliPath) !== OTFLOW_CLI) throw new Error(`the alias runs ${cliPath}; the built CLI is ${OTFLOW_CLI}.`);
  return 'checked: otflow is the built CLI, as the otflow the other blocks run';
}

/** Runs a shell command in `cwd`; throws with its output unless it exits with 0. */
async function runCommand(command: ShellCommand, cwd: string | undefined, context: ShellContext): Promise<ProcessResult> {
  const { folder, env } = await context.workspace();
  const { timeoutMs } = context;
  const result = await processSlots.run(() => runProcess('bash', ['-c', command.text], { cwd: cwd ?? folder, env, timeoutMs }));
  if (result.code !== 0) throw new Error(describeProcess(`line ${command.line}: "${command.text}"`, result, timeoutMs));
  return result;
}

/**
 * The pandas conversion needs the 5 GB MAF bundle and pandas, so it is not run: the test checks that the CSV it
 * writes is the file @otflow/datasets' GAS loader reads, with the data/ folder the command itself uses.
 */
async function checkPandasConversion(pickle: string, csv: string, context: ShellContext): Promise<string> {
  if (pickle.replace(/\.pickle$/, '.csv') !== csv) throw new Error(`the conversion should write ${pickle.replace(/\.pickle$/, '.csv')}, not ${csv}.`);
  const dataDir = dirname(dirname(csv));
  const probe = `import { loadBenchmark } from '@otflow/datasets/node';\nawait loadBenchmark('gas', ${JSON.stringify(dataDir)}).catch((error) => console.log(error.message));\n`;
  const { folder, env } = await context.workspace();
  const result = await processSlots.run(() => runModule(probe, { cwd: folder, env, timeoutMs: context.timeoutMs }));
  const expected = [csv, resolve(folder, csv)];
  if (!expected.some((path) => result.stdout.includes(path))) {
    throw new Error(`loadBenchmark('gas', '${dataDir}') does not read ${csv}: it said ${JSON.stringify(result.stdout + result.stderr)}.`);
  }
  return `not run (needs the MAF bundle and pandas); checked that loadBenchmark('gas', '${dataDir}') reads ${csv}`;
}

/** Runs or checks every command of a shell block in order; throws at the first that fails. */
export async function runShellBlock(block: ReadmeBlock, context: ShellContext): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (const command of shellCommands(block)) {
    const installs = npmInstallPackages(command.text);
    const conversion = PANDAS_CONVERSION.exec(command.text);
    const alias = OTFLOW_ALIAS.exec(withoutComment(command.text));
    try {
      if (installs) {
        outcomes.push({ command, outcome: checkNpmInstall(installs, context.packages), milliseconds: 0 });
      } else if (isRepositoryCommand(command.text)) {
        outcomes.push({ command, outcome: checkRepositoryCommand(command.text, context.packages), milliseconds: 0 });
      } else if (/^otflow(\s|$)/.test(command.text)) {
        const { milliseconds } = await runCommand(command, undefined, context);
        outcomes.push({ command, outcome: `ran in ${(milliseconds / 1000).toFixed(1)} s`, milliseconds });
      } else if (command.text.startsWith('node apps/cli/dist/otflow.js')) {
        // "In this repository": the built CLI, run from the repository root as the README says.
        const { milliseconds } = await runCommand(command, REPOSITORY_ROOT, context);
        outcomes.push({ command, outcome: `ran in the repository root in ${(milliseconds / 1000).toFixed(1)} s`, milliseconds });
      } else if (alias) {
        outcomes.push({ command, outcome: checkOtflowAlias(alias[1]), milliseconds: 0 });
      } else if (conversion) {
        outcomes.push({ command, outcome: await checkPandasConversion(conversion[1], conversion[2], context), milliseconds: 0 });
      } else {
        throw new Error(
          'the README test does not know how to run this command. Run it with otflow, or teach test/readme/shell-blocks.ts ' +
            'what to check about it, or name the block and the test that runs it: <!-- readme-block: name; run by path/to/x.test.ts -->.',
        );
      }
    } catch (error) {
      throw new Error(`${block.file}:${command.line}: ${command.text}\n${(error as Error).message}`);
    }
  }
  return outcomes;
}
