// The Markdown syntax test/readme-blocks.ts reads: fences, names, and the test a named block is run by.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleFileName, readmeBlock, readmeBlocks, REPOSITORY_ROOT, repositoryMarkdownFiles } from './readme-blocks';

function markdown(name: string, text: string): string {
  const folder = join(REPOSITORY_ROOT, '.tmp', 'readme-block-syntax');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), text);
  return join(folder, name);
}

describe('readmeBlocks', () => {
  it('reads each block with its line, language, name and the test that runs it', () => {
    const path = markdown(
      'named.md',
      [
        '# Title',
        '```sh',
        'otflow info 8g.json',
        '```',
        '<!-- readme-block: config -->',
        '```TS',
        'export default {};',
        '```',
        '<!-- readme-block: quickstart; run by apps/cli/test/quickstart.test.ts -->',
        '~~~',
        'otflow quickstart',
        '~~~',
        '',
      ].join('\n'),
    );
    expect(readmeBlocks(path)).toEqual([
      { file: '.tmp/readme-block-syntax/named.md', line: 2, language: 'sh', code: 'otflow info 8g.json\n' },
      { file: '.tmp/readme-block-syntax/named.md', line: 6, language: 'ts', name: 'config', code: 'export default {};\n' },
      {
        file: '.tmp/readme-block-syntax/named.md',
        line: 10,
        language: '',
        name: 'quickstart',
        runBy: 'apps/cli/test/quickstart.test.ts',
        code: 'otflow quickstart\n',
      },
    ]);
    expect(readmeBlock(path, 'quickstart').line).toBe(10);
    expect(() => readmeBlock(path, 'missing')).toThrow('expected one code block named "missing"');
  });

  it('rejects a naming comment it cannot read, and an unclosed fence', () => {
    const misspelt = markdown('misspelt.md', '<!-- readme-block: vite config -->\n```ts\nx;\n```\n');
    expect(() => readmeBlocks(misspelt)).toThrow('misspelt.md:1: write the block\'s name as <!-- readme-block: name -->');
    const unclosed = markdown('unclosed.md', '```sh\nls\n');
    expect(() => readmeBlocks(unclosed)).toThrow('unclosed.md:1: a code fence is never closed.');
  });
});

describe('moduleFileName', () => {
  it('names a block named as a JavaScript file, unless another test runs it', () => {
    const path = markdown(
      'modules.md',
      [
        '<!-- readme-block: square-worker.js -->',
        '```ts',
        'export {};',
        '```',
        '<!-- readme-block: config -->',
        '```ts',
        'export {};',
        '```',
        '<!-- readme-block: main.js; run by test/packaging.test.ts -->',
        '```js',
        'export {};',
        '```',
        '',
      ].join('\n'),
    );
    expect(readmeBlocks(path).map(moduleFileName)).toEqual(['square-worker.js', undefined, undefined]);
  });
});

describe('repositoryMarkdownFiles', () => {
  it("lists every README and docs/ page, but nothing from dependencies or hidden folders", () => {
    const files = repositoryMarkdownFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'apps/cli/README.md', 'packages/ode/README.md', 'docs/numerics.md']));
    expect(files.filter((file) => /(^|\/)(node_modules|dist|\.[^/]+)\//.test(file))).toEqual([]);
    expect(files.every((file) => file.endsWith('/README.md') || file === 'README.md' || file.startsWith('docs/'))).toBe(true);
  });
});
