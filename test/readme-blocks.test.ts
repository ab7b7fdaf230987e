// Every fenced code block of every README (and of docs/) is executed here, as a reader would run it, or by the
// test its naming comment names. One test case per block, named file:line. See test/readme/ for how each kind of
// block runs, and test/readme-blocks.ts for the block syntax.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import vitestConfig from '../vitest.config';
import { moduleFileName, readmeBlocks, repositoryMarkdownFiles, REPOSITORY_ROOT, type ReadmeBlock } from './readme-blocks';
import { describeProcess, processSlots } from './readme/child-process';
import { prepareFixtures } from './readme/fixtures';
import { importedPackage, npmInstallPackages } from './readme/repository-commands';
import { assertBuilt, blockEnvironment, blockFolder, createScratchFolder, SCRATCH_ROOT, workspacePackages } from './readme/scratch-folder';
import { runShellBlock, SHELL_LANGUAGES, shellCommands } from './readme/shell-blocks';
import { runModule, transpileBlock, typecheckBlocks, TYPE_CHECKED_LANGUAGES, TYPESCRIPT_LANGUAGES } from './readme/typescript-blocks';

/**
 * Each TypeScript block and each command of a shell block is a short example: seconds on an idle machine. This
 * limit stops a runaway (a minutes-long example) without failing a short one on a busy, shared machine.
 */
const PROCESS_TIMEOUT_MS = 60_000;

const files = repositoryMarkdownFiles();
const blocks = files.flatMap((file) => readmeBlocks(file));
const packages = workspacePackages();
const typeCheckedBlocks = blocks.filter((block) => !block.runBy && TYPE_CHECKED_LANGUAGES.has(block.language));

let fixtures: Promise<void>;
let typeErrors: Promise<Map<string, string[]>>;
const timings: { block: string; seconds: number; how: string }[] = [];

beforeAll(() => {
  assertBuilt(packages);
  createScratchFolder(packages);
  typeErrors = typecheckBlocks(typeCheckedBlocks);
  fixtures = prepareFixtures();
  // Awaited by the blocks; this keeps an early failure from counting as unhandled before they do.
  for (const pending of [typeErrors, fixtures]) pending.catch(() => undefined);
});

afterAll(() => {
  if (!existsSync(SCRATCH_ROOT)) return;
  timings.sort((a, b) => b.seconds - a.seconds);
  writeFileSync(join(SCRATCH_ROOT, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
});

/** The packages a Markdown file's `npm i` lines install, or undefined when it has none. */
function installedPackages(file: string): Set<string> | undefined {
  const names = readmeBlocks(file)
    .filter((block) => SHELL_LANGUAGES.has(block.language))
    .flatMap((block) => shellCommands(block).flatMap((command) => npmInstallPackages(command.text) ?? []));
  return names.length > 0 ? new Set(names) : undefined;
}

/** A README's examples may import only what its `npm i` lines install (and Node's built-ins). */
function assertImportsAreInstalled(block: ReadmeBlock): void {
  const installed = installedPackages(block.file);
  if (!installed) return;
  for (const { fileName } of ts.preProcessFile(block.code).importedFiles) {
    const name = importedPackage(fileName);
    if (name !== undefined && !installed.has(name)) {
      throw new Error(`${block.file}:${block.line} imports ${fileName}, but the README's npm i lines do not install ${name} (${[...installed].join(', ')}).`);
    }
  }
}

// A vitest include pattern as a regular expression: `*` matches within a name, `**` plus a slash any folders.
function globToRegExp(glob: string): RegExp {
  const anyFolders = new RegExp('\\*\\*/|\\*', 'g');
  const escaped = glob.replace(/[.+^$(){}|[\]\\]/g, (character) => `\\${character}`);
  const source = escaped.replace(anyFolders, (token) => (token === '*' ? '[^/]*' : '(?:.*/)?'));
  return new RegExp(`^${source}$`);
}

/** A block another test executes: that test must exist, be one vitest runs, and take the block by its name. */
function checkExternalBlock(block: ReadmeBlock & { runBy: string }): void {
  const path = join(REPOSITORY_ROOT, block.runBy);
  if (!existsSync(path)) throw new Error(`${block.file}:${block.line}: the block "${block.name}" names ${block.runBy}, which does not exist.`);
  const include = vitestConfig.test?.include ?? [];
  if (!include.some((glob) => globToRegExp(glob).test(block.runBy))) {
    throw new Error(`${block.runBy} is not a test vitest runs (vitest.config.ts includes ${include.join(', ')}).`);
  }
  const source = readFileSync(path, 'utf8');
  if (!source.includes('readmeBlock(') || !['"', "'", '`'].some((quote) => source.includes(`${quote}${block.name}${quote}`))) {
    throw new Error(`${block.runBy} does not take the block "${block.name}" with readmeBlock(file, '${block.name}').`);
  }
  timings.push({ block: `${block.file}:${block.line}`, seconds: 0, how: `run by ${block.runBy}` });
}

/** The blocks of a Markdown file that are module files its other blocks load (see readme-blocks.ts). */
function moduleFileBlocks(file: string): ReadmeBlock[] {
  return blocks.filter((block) => block.file === file && moduleFileName(block) !== undefined && TYPESCRIPT_LANGUAGES.has(block.language));
}

async function typeErrorsOf(block: ReadmeBlock): Promise<string[]> {
  return (await typeErrors).get(`${block.file}:${block.line}`) ?? [];
}

/** A module file is not run by itself: it must type-check, and other blocks of its file must load it by name. */
async function checkModuleFile(block: ReadmeBlock, name: string): Promise<void> {
  assertImportsAreInstalled(block);
  const users = blocks.filter((other) => other.file === block.file && other !== block && other.code.includes(`./${name}`));
  if (users.length === 0) throw new Error(`${block.file}:${block.line}: the module file ${name} is loaded by no other block of ${block.file} (as './${name}').`);
  const errors = await typeErrorsOf(block);
  if (errors.length > 0) throw new Error(`the module file does not type-check:\n${errors.join('\n')}`);
  timings.push({ block: `${block.file}:${block.line}`, seconds: 0, how: `module file ${name}, type-checked; run by ${users.map((user) => `${user.file}:${user.line}`).join(', ')}` });
}

async function runTypescriptBlock(block: ReadmeBlock): Promise<void> {
  const moduleFile = moduleFileName(block);
  if (moduleFile !== undefined) return checkModuleFile(block, moduleFile);
  assertImportsAreInstalled(block);
  await fixtures;
  const folder = blockFolder(block);
  for (const module of moduleFileBlocks(block.file)) writeFileSync(join(folder, moduleFileName(module) as string), transpileBlock(module.code));
  const result = await processSlots.run(() => runModule(block.code, { cwd: folder, env: blockEnvironment(folder), timeoutMs: PROCESS_TIMEOUT_MS }));
  if (result.code !== 0 || result.timedOut) {
    throw new Error(describeProcess(`${block.file}:${block.line} (block line N is README line ${block.line} + N)`, result, PROCESS_TIMEOUT_MS));
  }
  const errors = await typeErrorsOf(block);
  if (errors.length > 0) throw new Error(`the block runs, but does not type-check:\n${errors.join('\n')}`);
  const how = TYPE_CHECKED_LANGUAGES.has(block.language) ? 'ES module, type-checked' : 'ES module';
  timings.push({ block: `${block.file}:${block.line}`, seconds: result.milliseconds / 1000, how });
}

async function runShell(block: ReadmeBlock): Promise<void> {
  let workspace: Promise<{ folder: string; env: NodeJS.ProcessEnv }> | undefined;
  const outcomes = await runShellBlock(block, {
    packages,
    timeoutMs: PROCESS_TIMEOUT_MS,
    workspace: () =>
      (workspace ??= fixtures.then(() => {
        const folder = blockFolder(block);
        return { folder, env: blockEnvironment(folder) };
      })),
  });
  timings.push({
    block: `${block.file}:${block.line}`,
    seconds: outcomes.reduce((total, { milliseconds }) => total + milliseconds, 0) / 1000,
    how: outcomes.map(({ command, outcome }) => `line ${command.line}: ${outcome}`).join('; '),
  });
}

describe('README code blocks', () => {
  test('are found in every README and in docs/', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/numerics.md');
    for (const group of ['packages', 'apps']) {
      expect(files.filter((file) => file.startsWith(`${group}/`) && file.endsWith('/README.md')).length).toBeGreaterThan(1);
    }
    expect(blocks.length).toBeGreaterThan(0);
  });

  describe.concurrent('each block', () => {
    for (const block of blocks) {
      test(`${block.file}:${block.line}`, async () => {
        const { runBy } = block;
        if (runBy !== undefined) checkExternalBlock({ ...block, runBy });
        else if (TYPESCRIPT_LANGUAGES.has(block.language)) await runTypescriptBlock(block);
        else if (SHELL_LANGUAGES.has(block.language)) await runShell(block);
        else {
          throw new Error(
            `${block.file}:${block.line}: the README test runs ts/js and sh blocks; a \`\`\`${block.language} block needs ` +
              `a test that runs it, named on the line before the fence: <!-- readme-block: name; run by path/to/x.test.ts -->.`,
          );
        }
      }, 300_000);
    }
  });
});
