// Reads the fenced code blocks of the repository's Markdown files, so tests run what the READMEs show instead of a
// copy of it. A block may be named by an HTML comment on the line just before its fence:
//
//   <!-- readme-block: vite-config -->
//   ```ts
//
// A test that runs a named block takes it with `readmeBlock(file, name)`. When that test, not
// test/readme-blocks.test.ts, is what executes the block, the comment says which test it is:
//
//   <!-- readme-block: vite-config; run by packages/runtime/test/bundlers.test.ts -->
//
// A ts/js block named as a JavaScript file is a module that the other blocks of its Markdown file load (a worker
// thread's module, say): test/readme-blocks.test.ts writes it, as JavaScript, under that name beside each of them.
//
//   <!-- readme-block: square-worker.js -->
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface ReadmeBlock {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string's first word (`ts`, `sh`, …); empty when the fence has none. */
  language: string;
  /** The name from a `<!-- readme-block: name -->` comment on the line before the fence. */
  name?: string;
  /** The test file (relative to the repository root) that executes this block, from `; run by <file>` in the comment. */
  runBy?: string;
  /** The block's text, without the fences, ending in a newline. */
  code: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)?.*$/;
const NAME = /^\s*<!--\s*readme-block:\s*([\w.-]+)\s*(?:;\s*run by\s+(\S+?)\s*)?-->\s*$/;
const NAME_COMMENT = /^\s*<!--\s*readme-block\b/;

/** Every fenced block of one Markdown file (path absolute or relative to the repository root), in order. */
export function readmeBlocks(path: string): ReadmeBlock[] {
  const absolute = resolve(REPOSITORY_ROOT, path);
  const file = relative(REPOSITORY_ROOT, absolute);
  const lines = readFileSync(absolute, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]);
    if (!open) continue;
    const [, indent, fence, language = ''] = open;
    const body: string[] = [];
    let closed = false;
    let end = index + 1;
    for (; end < lines.length; end++) {
      const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(lines[end]);
      if (close && close[2][0] === fence[0] && close[2].length >= fence.length) {
        closed = true;
        break;
      }
      // Content lines lose at most the opening fence's indentation (CommonMark).
      body.push(lines[end].replace(new RegExp(`^ {0,${indent.length}}`), ''));
    }
    if (!closed) throw new Error(`${file}:${index + 1}: a code fence is never closed.`);
    const comment = index > 0 ? lines[index - 1] : '';
    const naming = NAME.exec(comment);
    if (!naming && NAME_COMMENT.test(comment)) {
      throw new Error(`${file}:${index}: write the block's name as <!-- readme-block: name --> or <!-- readme-block: name; run by path/to/file.test.ts -->.`);
    }
    const [, name, runBy] = naming ?? [];
    blocks.push({
      file,
      line: index + 1,
      language: language.toLowerCase(),
      ...(name === undefined ? {} : { name }),
      ...(runBy === undefined ? {} : { runBy }),
      code: `${body.join('\n')}\n`,
    });
    index = end;
  }
  return blocks;
}

/** A block's name when it names a module file (`square-worker.js`) that the file's other blocks load, else undefined. */
export function moduleFileName(block: ReadmeBlock): string | undefined {
  return block.runBy === undefined && block.name !== undefined && /\.m?js$/.test(block.name) ? block.name : undefined;
}

/** The block named `name` in `path`; throws when there is none or more than one. */
export function readmeBlock(path: string, name: string): ReadmeBlock {
  const matches = readmeBlocks(path).filter((block) => block.name === name);
  if (matches.length !== 1) {
    throw new Error(`${path}: expected one code block named "${name}" (<!-- readme-block: ${name} -->), found ${matches.length}.`);
  }
  return matches[0];
}

/** Folders that hold no documentation of ours: dependencies, build outputs, caches, scratch and run folders. */
const NOT_DOCUMENTATION = new Set(['node_modules', 'dist', 'coverage', 'runs']);

/**
 * The repository's documentation, relative to its root and sorted: every README.md (at any depth) and every
 * Markdown file under docs/. Hidden folders (.git, .turbo, .tmp, …) and those of NOT_DOCUMENTATION are skipped.
 */
export function repositoryMarkdownFiles(): string[] {
  const files: string[] = [];
  const visit = (folder: string, underDocs: boolean): void => {
    for (const entry of readdirSync(join(REPOSITORY_ROOT, folder), { withFileTypes: true })) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !NOT_DOCUMENTATION.has(entry.name)) visit(path, underDocs || path === 'docs');
      } else if (entry.isFile() && (entry.name === 'README.md' || (underDocs && entry.name.endsWith('.md')))) {
        files.push(path);
      }
    }
  };
  visit('', false);
  return files.sort();
}
