import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Flow, SampleOptions } from './flow';

export type SampleFileFormat = 'csv' | 'npy';

export interface WriteSamplesOptions extends SampleOptions {
  /** File format; by default taken from the path's extension (.csv or .npy). */
  format?: SampleFileFormat;
  /** Called after each batch with the number of rows written so far. */
  onProgress?: (written: number, total: number) => void;
}

/** The .npy v1.0 header for a C-order little-endian float32 array of shape (rows, cols), padded to 64 bytes. */
function npyHeader(rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const unpadded = 10 + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = dict + ' '.repeat(padding) + '\n';
  const header = new Uint8Array(10 + text.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY, version 1.0
  new DataView(header.buffer).setUint16(8, text.length, true);
  header.set(new TextEncoder().encode(text), 10);
  return header;
}

/** Nine significant digits identify every float32 exactly; more would only print float64 noise. */
function formatFloat32(value: number): string {
  return String(Number(value.toPrecision(9)));
}

function csvRows(data: Float32Array, cols: number): string {
  const lines: string[] = [];
  for (let start = 0; start < data.length; start += cols) {
    lines.push(Array.from(data.subarray(start, start + cols), formatFloat32).join(','));
  }
  return lines.join('\n') + '\n';
}

function formatOf(path: string, format: SampleFileFormat | undefined): SampleFileFormat {
  if (format !== undefined) {
    if (format !== 'csv' && format !== 'npy') throw new Error(`format must be "csv" or "npy", got ${JSON.stringify(format)}.`);
    return format;
  }
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.npy$/i.test(path)) return 'npy';
  throw new Error(`Cannot tell the format of ${path}: name it *.csv or *.npy, or pass format.`);
}

/**
 * Streams `n` samples of `flow` to a CSV (header x1..xd) or .npy (float32, C order) file, one batch in memory at a
 * time. The file appears only when complete: it is written to a temporary file beside it, then renamed.
 */
export async function writeSamples(flow: Flow, path: string, n: number, options: WriteSamplesOptions = {}): Promise<void> {
  const format = formatOf(path, options.format);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let handle;
  try {
    handle = await open(temporary, 'w');
  } catch (error) {
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`);
  }
  try {
    const d = flow.d;
    if (format === 'npy') await handle.write(npyHeader(n, d));
    else await handle.write(Array.from({ length: d }, (_, j) => `x${j + 1}`).join(',') + '\n');
    let written = 0;
    for await (const batch of flow.sampleBatches(n, options)) {
      if (format === 'npy') {
        // .npy stores little-endian floats, as every platform tfjs runs on does.
        await handle.write(new Uint8Array(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength));
      } else {
        await handle.write(csvRows(batch.data, d));
      }
      written += batch.rows;
      options.onProgress?.(written, n);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
