// The scratch folder README blocks run in (.tmp/readme-blocks, ignored by git). It sits inside the repository so
// that Node finds the root's node_modules (tfjs-core, @types/node) the way an app finds its own, and it links every
// publishable workspace package under node_modules/@otflow, so blocks import '@otflow/…' as a user's app does:
// through the package's exports map, i.e. its built dist (`pnpm test` builds before vitest runs).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPOSITORY_ROOT, type ReadmeBlock } from '../readme-blocks';

export const SCRATCH_ROOT = join(REPOSITORY_ROOT, '.tmp', 'readme-blocks');
export const FIXTURES = join(SCRATCH_ROOT, 'fixtures');
/** Holds the `otflow` command (a shim for the built CLI), put first on a shell block's PATH. */
export const BIN = join(SCRATCH_ROOT, 'bin');
export const OTFLOW_CLI = join(REPOSITORY_ROOT, 'apps', 'cli', 'dist', 'otflow.js');

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, e.g. packages/model. */
  folder: string;
  private: boolean;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  optionalPeers: Set<string>;
}

/** Every package of the workspace (packages/*, apps/*) with what the README checks need from its package.json. */
export function workspacePackages(): WorkspacePackage[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(REPOSITORY_ROOT, group))
      .filter((name) => existsSync(join(REPOSITORY_ROOT, group, name, 'package.json')))
      .map((name) => {
        const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, group, name, 'package.json'), 'utf8'));
        return {
          name: manifest.name as string,
          folder: `${group}/${name}`,
          private: manifest.private === true,
          scripts: manifest.scripts ?? {},
          dependencies: manifest.dependencies ?? {},
          peerDependencies: manifest.peerDependencies ?? {},
          optionalPeers: new Set(
            Object.entries((manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>)
              .filter(([, meta]) => meta.optional === true)
              .map(([peer]) => peer),
          ),
        };
      }),
  );
}

/**
 * Blocks run against the built packages and CLI: stop with what to run when a build is missing. (Whether a build is
 * current is turbo's business: `pnpm test` runs it first. File times cannot tell, as turbo restores cached builds
 * with their original times.)
 */
export function assertBuilt(packages: readonly WorkspacePackage[]): void {
  for (const { folder } of packages.filter((pkg) => !pkg.private || pkg.folder === 'apps/cli')) {
    if (!existsSync(join(REPOSITORY_ROOT, folder, 'dist'))) {
      throw new Error(`${folder} is not built: run "npx --yes pnpm@12.4.2 exec turbo run build" (pnpm test does) before the README tests.`);
    }
  }
}

/** Empties the scratch folder and sets up its package.json, node_modules links and the otflow shim. */
export function createScratchFolder(packages: readonly WorkspacePackage[]): void {
  rmSync(SCRATCH_ROOT, { recursive: true, force: true });
  mkdirSync(join(SCRATCH_ROOT, 'node_modules', '@otflow'), { recursive: true });
  mkdirSync(FIXTURES, { recursive: true });
  mkdirSync(BIN, { recursive: true });
  writeFileSync(join(SCRATCH_ROOT, 'package.json'), `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  for (const pkg of packages.filter((candidate) => !candidate.private)) {
    const link = join(SCRATCH_ROOT, 'node_modules', pkg.name);
    symlinkSync(relative(join(link, '..'), join(REPOSITORY_ROOT, pkg.folder)), link, 'dir');
  }
  writeFileSync(join(BIN, 'otflow'), `#!/bin/sh\nexec "${process.execPath}" "${OTFLOW_CLI}" "$@"\n`, { mode: 0o755 });
}

/** A fresh folder for one block, holding a copy of the fixtures. */
export function blockFolder(block: ReadmeBlock): string {
  const folder = join(SCRATCH_ROOT, 'blocks', `${block.file.replaceAll('/', '_')}-${block.line}`);
  rmSync(folder, { recursive: true, force: true });
  cpSync(FIXTURES, folder, { recursive: true });
  return folder;
}

/** The environment a block runs in: the otflow shim first on PATH, HOME the block's folder (so ~/… is inside it). */
export function blockEnvironment(folder: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { PATH: `${BIN}:${process.env.PATH ?? ''}`, HOME: folder, LANG: 'C.UTF-8' };
  if (process.env.TMPDIR !== undefined) environment.TMPDIR = process.env.TMPDIR;
  return environment;
}
