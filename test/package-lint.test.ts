/**
 * What `npm publish` would ship, package by package: packed with pnpm as for publishing, then checked for contents,
 * metadata, publint (strict: suggestions fail too) and are-the-types-wrong. `pnpm lint:packages` runs just this.
 *
 * attw runs with the node16 profile: it checks every entry point under node16 from CJS, node16 from ESM and bundler
 * resolution, and ignores node10, which cannot see an exports map at all, so subpath entries such as
 * @otflow/ode/array or @otflow/runtime/node could only be reached there through typesVersions stubs. The packages
 * require Node ≥ 20, whose resolution TypeScript models as node16/nodenext, and bundlers use `bundler`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackages, publishableFolders, sizeTable, type PackedPackage } from './packed-packages';
import { REPOSITORY_ROOT } from './readme-blocks';

const ATTW = join(REPOSITORY_ROOT, 'node_modules', '.bin', 'attw');
const ROOT_LICENSE = readFileSync(join(REPOSITORY_ROOT, 'LICENSE'), 'utf8');

/** `exports` as the workspace has it, without the condition that only the workspace uses. */
function withoutSourceCondition(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => key !== '@otflow/source').map(([key, entry]) => [key, withoutSourceCondition(entry)]),
  );
}

const folders = publishableFolders();
let destination: string;
const packed = new Map<string, PackedPackage>();

beforeAll(() => {
  destination = mkdtempSync(join(tmpdir(), 'otflow-pack-'));
  for (const pkg of packPackages(destination)) packed.set(pkg.folder, pkg);
  console.log(`Packed ${packed.size} packages with pnpm into ${destination}:\n${sizeTable([...packed.values()])}`);
}, 300_000);

afterAll(() => {
  if (destination) rmSync(destination, { recursive: true, force: true });
});

describe('published packages', () => {
  it('are every workspace package except the demo app', () => {
    expect(folders).toEqual([
      'packages/backend',
      'packages/datasets',
      'packages/loss',
      'packages/metrics',
      'packages/model',
      'packages/ode',
      'packages/random',
      'packages/runtime',
      'packages/train',
      'apps/cli',
    ]);
  });

  describe.each(folders)('%s', (folder) => {
    it('ships dist, README and LICENSE, and no sources or source maps', () => {
      const { files } = packed.get(folder)!;
      const names = files.map((file) => file.name);
      expect(names).toContain('README.md');
      expect(new TextDecoder().decode(files.find((file) => file.name === 'LICENSE')?.data)).toBe(ROOT_LICENSE);
      expect(names.some((name) => name.startsWith('dist/'))).toBe(true);
      expect(names.filter((name) => name.startsWith('src/') || name.endsWith('.map') || name.endsWith('.test.ts'))).toEqual([]);
    });

    it('has the metadata npm shows, workspace versions resolved, and the workspace exports minus @otflow/source', () => {
      const { manifest } = packed.get(folder)!;
      const workspace = JSON.parse(readFileSync(join(REPOSITORY_ROOT, folder, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({
        license: 'MIT',
        author: 'otflow contributors',
        homepage: `https://github.com/otflow/otflow/tree/main/${folder}#readme`,
        bugs: { url: 'https://github.com/otflow/otflow/issues' },
        repository: { type: 'git', url: 'git+https://github.com/otflow/otflow.git', directory: folder },
        engines: { node: '>=20' },
      });
      expect(manifest.private).toBeUndefined();
      expect((manifest.keywords as string[]).length).toBeGreaterThan(2);
      expect(JSON.stringify(manifest)).not.toMatch(/workspace:|@otflow\/source/);
      expect(manifest.exports).toEqual(withoutSourceCondition(workspace.exports));
    });

    it('passes publint (strict) and are-the-types-wrong (node16 profile)', async () => {
      const { tarball } = packed.get(folder)!;
      const bytes = readFileSync(tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: 'suggestion',
        strict: true,
      });
      expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg)}`)).toEqual([]);
      // attw exits non-zero on any problem its profile counts; its table then says which entry point and resolution.
      const attw = await promisify(execFile)(ATTW, [tarball, '--profile', 'node16', '--format', 'ascii', '--no-emoji', '--no-color'], {
        encoding: 'utf8',
      }).then(
        ({ stdout }) => ({ passed: true, output: stdout }),
        (error: { stdout?: string; stderr?: string; message: string }) => ({ passed: false, output: error.stdout || error.stderr || error.message }),
      );
      expect(attw.passed, attw.output).toBe(true);
      // The CLI is a command with no importable entry point, so attw has no types to check there.
      if (folder === 'apps/cli') expect(attw.output).toMatch(/This package does not contain types/);
    });
  });
});
