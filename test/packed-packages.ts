// Packs the workspace's publishable packages the way they would be published (`pnpm pack`: workspace: versions
// resolved, publishConfig applied) and reads the tarballs back, for the tests that check what users would install.
// It packs dist/ as it is: `pnpm test` builds first; run `pnpm build` before running these tests on their own.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPOSITORY_ROOT } from './readme-blocks';

export interface PackedFile {
  /** Path inside the package (without the tarball's `package/` prefix). */
  name: string;
  data: Uint8Array;
}

export interface PackedPackage {
  name: string;
  /** The package's folder, relative to the repository root. */
  folder: string;
  tarball: string;
  packedBytes: number;
  unpackedBytes: number;
  files: PackedFile[];
  /** The packed package.json. */
  manifest: Record<string, unknown>;
}

/** pnpm as the repository pins it (a root devDependency), so packing does not depend on what is on the PATH. */
const PNPM = join(REPOSITORY_ROOT, 'node_modules', '.bin', 'pnpm');

/** The workspace folders whose package.json is not private, in a stable order. */
export function publishableFolders(): string[] {
  return ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(REPOSITORY_ROOT, parent))
      .sort()
      .map((name) => `${parent}/${name}`)
      .filter((folder) => {
        try {
          return JSON.parse(readFileSync(join(REPOSITORY_ROOT, folder, 'package.json'), 'utf8')).private !== true;
        } catch {
          return false;
        }
      }),
  );
}

/** A field of a ustar header: NUL-terminated text. */
function headerText(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** The regular files of a gzipped tarball (ustar, with pax long names), as npm and pnpm write them. */
export function readTarball(bytes: Uint8Array): PackedFile[] {
  const tar = gunzipSync(bytes);
  const files: PackedFile[] = [];
  let paxPath: string | null = null;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(headerText(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = headerText(header, 345, 155);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data))?.[1] ?? null;
    } else {
      if (type === '0') {
        const path = paxPath ?? (prefix ? `${prefix}/` : '') + headerText(header, 0, 100);
        files.push({ name: path.replace(/^package\//, ''), data: new Uint8Array(data) });
      }
      paxPath = null;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Packs every publishable package into `destination` with `pnpm pack` and reads each tarball back. */
export function packPackages(destination: string): PackedPackage[] {
  return publishableFolders().map((folder) => {
    const output = execFileSync(PNPM, ['pack', '--json', '--pack-destination', destination], {
      cwd: join(REPOSITORY_ROOT, folder),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { name, filename } = JSON.parse(output) as { name: string; filename: string };
    const bytes = readFileSync(filename);
    const files = readTarball(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files.find((file) => file.name === 'package.json')!.data));
    return {
      name,
      folder,
      tarball: filename,
      packedBytes: bytes.length,
      unpackedBytes: files.reduce((total, file) => total + file.data.length, 0),
      files,
      manifest,
    };
  });
}

/** The packages' sizes as a table, one line each. */
export function sizeTable(packages: PackedPackage[]): string {
  const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);
  const rows = packages.map((p) => `  ${p.name.padEnd(18)} ${kilobytes(p.packedBytes)} ${kilobytes(p.unpackedBytes)} ${String(p.files.length).padStart(6)}`);
  return [`  ${'package'.padEnd(18)} ${'packed'.padStart(11)} ${'unpacked'.padStart(11)} ${'files'.padStart(6)}`, ...rows].join('\n');
}
