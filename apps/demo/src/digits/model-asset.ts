/**
 * The digits page's model asset: an image model file packed losslessly and gzipped. The JSON's numeric arrays
 * (weights, normalization; a nested list is a rectangular matrix) become little-endian binary, float32 where every
 * value is a float32 (the weights: tfjs stores them so) and float64 otherwise, each array's bytes split into planes
 * (all first bytes, then all second bytes, …) so that gzip finds the repeating exponent bytes. Unpacking gives back
 * the very numbers of the file, so the page samples what the file samples.
 *
 * Layout before gzip: the 8 bytes MAGIC, a uint32 (LE) header length, the header as UTF-8 JSON, zero padding to a
 * multiple of 8, then the arrays' planes one after another.
 */

const MAGIC = 'OTFLOWPK';
const FORMAT = 'otflow-packed-model';
const VERSION = 1;
/** Numeric arrays shorter than this stay in the header's JSON. */
const MIN_PACKED_LENGTH = 16;

/** Where a packed array's values are: `{ $packed: index }` stands in for the array in the header's model. */
interface PackedArray {
  dtype: 'float32' | 'float64';
  /** [length], or [rows, columns] for a list of equal-length lists. */
  shape: number[];
  offset: number;
}

/** Log-densities of the asset's model on reference images, for the page's comparison scale (in nats). */
export interface LogDensityScale {
  /** A short name for the scale's marks, e.g. "real digits". */
  name: string;
  /** What the images were, e.g. "1,000 held-out built-in digits". */
  label: string;
  /** The 10th, 50th and 90th percentiles of −latentNll. */
  p10: number;
  median: number;
  p90: number;
}

export interface ModelAsset {
  /** The image model file, as JSON.parse would give it. */
  model: unknown;
  /** Reference log-densities (held-out digits, noise), measured when the asset was packed. */
  scales: LogDensityScale[];
}

interface AssetHeader {
  format: typeof FORMAT;
  version: number;
  model: unknown;
  arrays: PackedArray[];
  scales: LogDensityScale[];
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length >= MIN_PACKED_LENGTH && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function isMatrix(value: unknown): value is number[][] {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) return false;
  const columns = (value[0] as unknown[]).length;
  return columns > 0 && value.every((row) => Array.isArray(row) && row.length === columns && row.every((x) => typeof x === 'number' && Number.isFinite(x)));
}

/** Splits each element's `width` bytes into planes: byte k of element i goes to k · n + i. */
function toPlanes(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length / width;
  const planes = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) planes[k * n + i] = bytes[i * width + k];
  return planes;
}

function fromPlanes(planes: Uint8Array, width: number): Uint8Array {
  const n = planes.length / width;
  const bytes = new Uint8Array(planes.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) bytes[i * width + k] = planes[k * n + i];
  return bytes;
}

/**
 * The model file (parsed JSON) and scales as the asset's bytes before gzip. `gzip` is the caller's (the pack script
 * uses node:zlib at its best level).
 */
export function packModelAsset(model: unknown, scales: LogDensityScale[]): Uint8Array {
  const arrays: PackedArray[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const pack = (values: number[], shape: number[]): { $packed: number } => {
    const exact32 = values.every((x) => Math.fround(x) === x);
    const typed = exact32 ? Float32Array.from(values) : Float64Array.from(values);
    const planes = toPlanes(new Uint8Array(typed.buffer), typed.BYTES_PER_ELEMENT);
    arrays.push({ dtype: exact32 ? 'float32' : 'float64', shape, offset });
    chunks.push(planes);
    offset += planes.length;
    return { $packed: arrays.length - 1 };
  };
  const replace = (value: unknown): unknown => {
    if (isMatrix(value) && value.length * value[0].length >= MIN_PACKED_LENGTH) return pack(value.flat(), [value.length, value[0].length]);
    if (isNumberArray(value)) return pack(value, [value.length]);
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') {
      if ('$packed' in value) throw new Error('The model file already holds a "$packed" key; it cannot be packed.');
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    }
    return value;
  };
  const header: AssetHeader = { format: FORMAT, version: VERSION, model: replace(model), arrays, scales };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + headerBytes.length) / 8) * 8;
  const bytes = new Uint8Array(start + offset);
  bytes.set(new TextEncoder().encode(MAGIC));
  new DataView(bytes.buffer).setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, 12);
  let position = start;
  for (const chunk of chunks) {
    bytes.set(chunk, position);
    position += chunk.length;
  }
  return bytes;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`The digits model asset is not valid gzip data (${(error as Error).message}); regenerate it with "pnpm --filter @otflow/demo pack-digits-model".`);
  }
}

/**
 * The model file and scales from the asset's bytes, gzipped (decompressed here with DecompressionStream) or already
 * decompressed (a server that sent the file with Content-Encoding: gzip). A damaged asset is rejected with a message
 * saying what is wrong.
 */
export async function unpackModelAsset(asset: Uint8Array): Promise<ModelAsset> {
  const bytes = asset[0] === GZIP_MAGIC[0] && asset[1] === GZIP_MAGIC[1] ? await gunzip(asset) : asset;
  const broken = (what: string) => new Error(`The digits model asset is damaged: ${what}. Regenerate it with "pnpm --filter @otflow/demo pack-digits-model".`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw broken(`it does not start with ${MAGIC}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) throw broken(`its header runs past the end (${headerLength} bytes announced, ${bytes.length - 12} there)`);
  let header: AssetHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as AssetHeader;
  } catch (error) {
    throw broken(`its header is not JSON (${(error as Error).message})`);
  }
  if (header.format !== FORMAT || header.version !== VERSION) throw broken(`its header says ${String(header.format)} version ${String(header.version)}, not ${FORMAT} version ${VERSION}`);
  const start = Math.ceil((12 + headerLength) / 8) * 8;
  const values = header.arrays.map(({ dtype, shape, offset }, index) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const width = dtype === 'float32' ? 4 : 8;
    const end = start + offset + count * width;
    if (end > bytes.length) throw broken(`array ${index} ends at byte ${end}, past the end (${bytes.length})`);
    const raw = fromPlanes(bytes.subarray(start + offset, end), width);
    const flat = Array.from(dtype === 'float32' ? new Float32Array(raw.buffer) : new Float64Array(raw.buffer));
    if (shape.length === 1) return flat;
    return Array.from({ length: shape[0] }, (_, row) => flat.slice(row * shape[1], (row + 1) * shape[1]));
  });
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(restore);
    if (value !== null && typeof value === 'object') {
      if ('$packed' in value) {
        const index = (value as { $packed: number }).$packed;
        if (!(index in values)) throw broken(`it refers to array ${index}, which it does not hold`);
        return values[index];
      }
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, restore(inner)]));
    }
    return value;
  };
  return { model: restore(header.model), scales: header.scales };
}
