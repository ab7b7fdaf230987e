// Shell commands a README shows that cannot run inside a test — installs, the repository's own build and CI
// commands, dev servers — are checked against what they name instead: the packages, scripts, turbo tasks, pnpm
// version and CI command of this repository.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../readme-blocks';
import type { WorkspacePackage } from './scratch-folder';

function rootManifest(): { packageManager: string; scripts: Record<string, string> } {
  return JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
}

/** The install-and-test command .ci/run runs, e.g. `npx --yes pnpm@12.4.2 install && npx --yes pnpm@12.4.2 test`. */
export function ciCommand(): string {
  const lines = readFileSync(join(REPOSITORY_ROOT, '.ci', 'run'), 'utf8').split('\n').map((line) => line.trim());
  const command = lines.filter((line) => /pnpm@\S+ install\b/.test(line));
  if (command.length !== 1) throw new Error(`.ci/run: expected one line that runs "pnpm install", found ${command.length}.`);
  return command[0];
}

/** A command without its trailing `# comment`. */
export function withoutComment(command: string): string {
  return command.replace(/\s+#.*$/, '').trim();
}

function findPackage(packages: readonly WorkspacePackage[], name: string): WorkspacePackage {
  const pkg = packages.find((candidate) => candidate.name === name);
  if (!pkg) throw new Error(`"${name}" is not a package of this workspace (${packages.map((p) => p.name).join(', ')}).`);
  return pkg;
}

function checkTurbo(args: readonly string[], packages: readonly WorkspacePackage[]): void {
  const tasks = Object.keys(JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'turbo.json'), 'utf8')).tasks);
  if (args[0] !== 'run') throw new Error(`expected "turbo run <task>", got "turbo ${args.join(' ')}".`);
  for (const arg of args.slice(1)) {
    if (arg.startsWith('--filter=')) {
      // Filters like @otflow/cli... (with its dependencies) or @otflow/demo^... (its dependencies only).
      findPackage(packages, arg.slice('--filter='.length).replace(/\.\.\.|\^/g, ''));
    } else if (arg.startsWith('-')) {
      throw new Error(`unexpected turbo flag "${arg}".`);
    } else if (!tasks.includes(arg)) {
      throw new Error(`turbo.json has no task "${arg}" (it has ${tasks.join(', ')}).`);
    }
  }
}

/** pnpm's arguments after `pnpm` (or `npx [--yes] pnpm@<version>`); `part` is the whole command. */
function checkPnpm(part: string, args: readonly string[], packages: readonly WorkspacePackage[], ci: string): void {
  const [first, ...rest] = args;
  if (first === 'install' || first === 'test') {
    if (!ci.split('&&').some((ciPart) => ciPart.trim() === part)) throw new Error(`"${part}" is not what .ci/run runs ("${ci}").`);
  } else if (first === 'exec') {
    if (rest[0] !== 'turbo') throw new Error(`expected "pnpm exec turbo …", got "pnpm ${args.join(' ')}".`);
    checkTurbo(rest.slice(1), packages);
  } else if (first === '--filter' || first?.startsWith('--filter=')) {
    const name = first === '--filter' ? rest.shift() : first.slice('--filter='.length);
    const pkg = findPackage(packages, name ?? '');
    const script = rest[0];
    if (!script || !(script in pkg.scripts)) {
      throw new Error(`${pkg.folder}/package.json has no script "${script}" (it has ${Object.keys(pkg.scripts).join(', ')}).`);
    }
  } else if (!first || !(first in rootManifest().scripts)) {
    throw new Error(`the root package.json has no script "${first}".`);
  }
}

function pnpmVersion(): string {
  return rootManifest().packageManager.replace(/^pnpm@/, '');
}

/** Whether a command is one of the repository's build, test or dev commands (pnpm, turbo). */
export function isRepositoryCommand(command: string): boolean {
  return /^(npx (--yes )?pnpm@\S+|pnpm|turbo) /.test(withoutComment(command));
}

/**
 * Checks a pnpm or turbo command line (parts joined by &&) against the repository. The README's install-and-test
 * line must be exactly the command CI runs.
 */
export function checkRepositoryCommand(command: string, packages: readonly WorkspacePackage[]): string {
  const line = withoutComment(command);
  const ci = ciCommand();
  const parts = line.split('&&').map((part) => part.trim());
  if (parts.some((part) => /pnpm(@\S+)? test\b/.test(part)) && line !== ci) throw new Error(`"${line}" differs from the command .ci/run runs: "${ci}".`);
  for (const part of parts) {
    const words = part.split(/\s+/);
    if (words[0] === 'turbo') {
      checkTurbo(words.slice(1), packages);
      continue;
    }
    const npx = /^npx (?:--yes )?pnpm@(\S+) /.exec(part);
    if (npx && npx[1] !== pnpmVersion()) throw new Error(`"${part}" runs pnpm ${npx[1]}; package.json's packageManager is pnpm@${pnpmVersion()}.`);
    const args = npx ? part.slice(npx[0].length).split(/\s+/) : words.slice(1);
    checkPnpm(part, args, packages, ci);
  }
  return `checked against the repository: ${line}`;
}

/** The packages an `npm i …` line installs, or undefined when the command is not one. */
export function npmInstallPackages(command: string): string[] | undefined {
  const match = /^npm (?:i|install) (.+)$/.exec(withoutComment(command));
  return match ? match[1].split(/\s+/) : undefined;
}

/**
 * An `npm i` line may name only publishable workspace packages and their peer dependencies, and must name every
 * required (non-optional) peer of the workspace packages it installs.
 */
export function checkNpmInstall(names: readonly string[], packages: readonly WorkspacePackage[]): string {
  const workspace = names.filter((name) => name.startsWith('@otflow/')).map((name) => findPackage(packages, name));
  for (const pkg of workspace) if (pkg.private) throw new Error(`${pkg.name} is private: it is not published, so npm cannot install it.`);
  const peers = new Set(workspace.flatMap((pkg) => Object.keys(pkg.peerDependencies)));
  for (const name of names) {
    if (!name.startsWith('@otflow/') && !peers.has(name)) {
      throw new Error(`"${name}" is neither an otflow package nor a peer dependency of the ones installed (${[...peers].join(', ')}).`);
    }
  }
  for (const pkg of workspace) {
    for (const peer of Object.keys(pkg.peerDependencies)) {
      if (!pkg.optionalPeers.has(peer) && !names.includes(peer)) throw new Error(`${pkg.name} needs its peer dependency ${peer}: add it to the line.`);
    }
  }
  return `installs published packages and their peers: ${names.join(' ')}`;
}

/** The package a bare import specifier names: `@scope/name` or `name`, or undefined for node: built-ins and paths. */
export function importedPackage(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
