import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the OS temp dir, and a function that removes it. */
export function createTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'otflow-datasets-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes a .npy file with any header the test wants (dtype, order, shape), so that bad files can be made too.
 * Format: magic, version 1.0, little-endian header length, the header dict padded to 64 bytes, then the bytes.
 */
export function writeNpyFile(path: string, header: { descr: string; fortranOrder?: boolean; shape: number[] }, body: ArrayBufferView): void {
  const shape = header.shape.length === 1 ? `(${header.shape[0]},)` : `(${header.shape.join(', ')})`;
  let dict = `{'descr': '${header.descr}', 'fortran_order': ${header.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(dict.length, 8);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(dict, 'latin1'), Buffer.from(body.buffer, body.byteOffset, body.byteLength)]));
}

export function writeText(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}
