/** An IDX array (the MNIST distribution format): its dimensions and its unsigned bytes in C order. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

/** True when the bytes start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an uncompressed IDX file of unsigned bytes (MNIST's images are idx3: count × rows × columns; its labels idx1):
 * a big-endian header of two zero bytes, the type 0x08, the number of dimensions and each dimension, then the data.
 * `source` names the file in messages, which say what is wrong (not IDX, another element type, truncated, extra bytes).
 */
export function parseIdx(bytes: Uint8Array, source = 'the IDX data'): IdxArray {
  if (!(bytes instanceof Uint8Array)) throw new Error(`parseIdx needs the file's bytes as a Uint8Array.`);
  if (isGzip(bytes)) throw new Error(`${source} is gzip-compressed; read it with readIdx (which decompresses) or gunzip it first.`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${source} is not an IDX file: it does not start with two zero bytes (MNIST's files are train-images-idx3-ubyte and the like).`);
  }
  const type = bytes[2];
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type];
    throw new Error(`${source} holds ${name ?? `an unknown element type 0x${type.toString(16)}`}${name ? ' values' : ''}; this reader reads unsigned bytes (type 0x08), as MNIST's files hold.`);
  }
  const rank = bytes[3];
  if (rank < 1) throw new Error(`${source} declares 0 dimensions.`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error(`${source} ends inside its header; the file is truncated.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((product, extent) => product * extent, 1);
  if (bytes.length - header < size) {
    throw new Error(`${source} declares dimensions ${dims.join(' × ')} (${size} bytes) but holds ${bytes.length - header}; the file is truncated.`);
  }
  if (bytes.length - header > size) throw new Error(`${source} holds ${bytes.length - header - size} bytes beyond its ${dims.join(' × ')} array; the file is damaged.`);
  return { dims, data: bytes.subarray(header) };
}

/** Decompresses gzip data with the platform's DecompressionStream (browsers, Node ≥ 18). */
export async function gunzip(bytes: Uint8Array, source = 'the data'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`${source} is not valid gzip data (${(error as Error).message}); the file is truncated or damaged.`, { cause: error });
  }
}

/** Reads an IDX file's bytes, gzip-compressed (`.gz`, as MNIST is distributed) or not. */
export async function readIdx(bytes: Uint8Array, source = 'the IDX data'): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, source) : bytes, source);
}
