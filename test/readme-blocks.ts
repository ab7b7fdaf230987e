// Reads the fenced code blocks of the repository's Markdown files, so tests run what the READMEs show instead of a
// copy of it. A block may be named by an HTML comment on the line just before its fence:
//
//   <!-- readme-block: vite-config -->
//   ```ts
//
// A test that runs a named block takes it with `readmeBlock(file, name)`.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
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
  /** The block's text, without the fences, ending in a newline. */
  code: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)?.*$/;
const NAME = /^\s*<!--\s*readme-block:\s*([\w.-]+)\s*-->\s*$/;

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
    const name = index > 0 ? NAME.exec(lines[index - 1])?.[1] : undefined;
    blocks.push({ file, line: index + 1, language: language.toLowerCase(), name, code: `${body.join('\n')}\n` });
    index = end;
  }
  return blocks;
}

/** The block named `name` in `path`; throws when there is none or more than one. */
export function readmeBlock(path: string, name: string): ReadmeBlock {
  const matches = readmeBlocks(path).filter((block) => block.name === name);
  if (matches.length !== 1) {
    throw new Error(`${path}: expected one code block named "${name}" (<!-- readme-block: ${name} -->), found ${matches.length}.`);
  }
  return matches[0];
}
