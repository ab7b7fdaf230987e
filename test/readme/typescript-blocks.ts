// TypeScript and JavaScript blocks: each is type-checked as a user's strict NodeNext project would check it
// (against the packages' published .d.ts), and run as an ES module with plain Node (against their built dist).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPOSITORY_ROOT, type ReadmeBlock } from '../readme-blocks';
import { processSlots, runProcess, type ProcessOptions, type ProcessResult } from './child-process';
import { SCRATCH_ROOT } from './scratch-folder';

/** Blocks run as ES modules; the TypeScript ones are type-checked too. */
export const TYPESCRIPT_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);
export const TYPE_CHECKED_LANGUAGES = new Set(['ts', 'typescript']);

const TYPECHECK_FOLDER = join(SCRATCH_ROOT, 'typecheck');

/** A user's strict TypeScript setup for Node ESM: top-level await, package exports, @types/node. */
const USER_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  moduleDetection: 'force',
  lib: ['ES2022', 'DOM'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/** The file a block is type-checked as. */
function typecheckFile(block: ReadmeBlock): string {
  return join(TYPECHECK_FOLDER, `${block.file.replaceAll('/', '_')}-${block.line}.ts`);
}

/** The block as an ES module for Node (types removed), with an inline source map back to the block's lines. */
export function transpileBlock(code: string): string {
  return ts.transpileModule(code, {
    fileName: 'block.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, inlineSourceMap: true, inlineSources: true },
    reportDiagnostics: false,
  }).outputText;
}

/** Runs `code` (TypeScript or JavaScript) as block.mjs in `folder` with plain Node. */
export function runModule(code: string, options: ProcessOptions): Promise<ProcessResult> {
  writeFileSync(join(options.cwd, 'block.mjs'), transpileBlock(code));
  return runProcess(process.execPath, ['--enable-source-maps', 'block.mjs'], options);
}

/**
 * Type-checks every block in one tsc run (it runs alongside the blocks) and returns each block's errors, with the
 * README's line numbers, keyed by `file:line`.
 */
export async function typecheckBlocks(blocks: readonly ReadmeBlock[]): Promise<Map<string, string[]>> {
  mkdirSync(TYPECHECK_FOLDER, { recursive: true });
  const byFile = new Map<string, ReadmeBlock>();
  for (const block of blocks) {
    writeFileSync(typecheckFile(block), block.code);
    byFile.set(relative(SCRATCH_ROOT, typecheckFile(block)), block);
  }
  writeFileSync(
    join(SCRATCH_ROOT, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: USER_COMPILER_OPTIONS, include: ['typecheck/*.ts'] }, null, 2)}\n`,
  );
  const tsc = join(REPOSITORY_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await processSlots.run(() =>
    runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: SCRATCH_ROOT, env: process.env, timeoutMs: 120_000 }),
  );
  const errors = new Map<string, string[]>(blocks.map((block) => [`${block.file}:${block.line}`, []]));
  if (result.timedOut || (result.code !== 0 && result.stdout.trim() === '')) {
    throw new Error(`tsc failed without diagnostics (${result.timedOut ? 'timed out' : `code ${result.code}`}): ${result.stderr}`);
  }
  let current: string[] | undefined;
  for (const line of result.stdout.split('\n')) {
    const diagnostic = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (diagnostic) {
      const block = byFile.get(diagnostic[1]);
      if (!block) throw new Error(`tsc reported an error outside the README blocks: ${line}`);
      current = errors.get(`${block.file}:${block.line}`);
      current?.push(`${block.file}:${block.line + Number(diagnostic[2])}:${diagnostic[3]}: ${diagnostic[4]}`);
    } else if (line.startsWith(' ') && current) {
      current.push(line);
    } else if (line.trim() !== '') {
      throw new Error(`tsc: ${line}`);
    }
  }
  return errors;
}
