/**
 * The entries of a zip archive whose entries are stored uncompressed, as torch.save writes them (PKZIP application
 * note: end of central directory, central directory, local headers; no zip64). Every entry's CRC-32 is checked,
 * so a damaged file is caught here rather than read as wrong numbers.
 */
export type ZipEntries = Map<string, Uint8Array>;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** True when the bytes start like a zip archive (a local file header). */
export function isZipArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads every entry of a zip archive of stored (uncompressed) entries. `source` names the archive in error
 * messages, which say what is wrong: no end record (truncated), a compressed or encrypted entry, a header out of
 * bounds, a checksum that does not match.
 */
export function readZipArchive(bytes: Uint8Array, source = 'the zip archive'): ZipEntries {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string): never => {
    throw new Error(`Cannot read ${source}: ${problem}.`);
  };
  const u16 = (offset: number) => view.getUint16(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const inBounds = (offset: number, length: number, what: string) => {
    if (offset < 0 || offset + length > bytes.length) fail(`${what} lies outside the ${bytes.length}-byte file; the file is truncated or damaged`);
  };

  // The end record is the last thing in the file, followed by a comment of at most 65,535 bytes.
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset--) {
    if (u32(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) fail('it has no end-of-central-directory record; the file is truncated or not a zip archive');
  const entryCount = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryOffset = u32(end + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    fail('it uses zip64 records (over 65,535 entries or 4 GiB), which this reader does not support');
  }
  inBounds(directoryOffset, directorySize, 'the central directory');

  const entries: ZipEntries = new Map();
  const decoder = new TextDecoder();
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    inBounds(offset, 46, `central directory entry ${index + 1}`);
    if (u32(offset) !== CENTRAL_HEADER) fail(`central directory entry ${index + 1} is damaged (bad signature)`);
    const flags = u16(offset + 8);
    const method = u16(offset + 10);
    const crc = u32(offset + 16);
    const compressedSize = u32(offset + 20);
    const size = u32(offset + 24);
    const nameLength = u16(offset + 28);
    const extraLength = u16(offset + 30);
    const commentLength = u16(offset + 32);
    const localOffset = u32(offset + 42);
    inBounds(offset + 46, nameLength + extraLength + commentLength, `central directory entry ${index + 1}`);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    if (flags & 0x1) fail(`entry "${name}" is encrypted`);
    if (method !== 0) fail(`entry "${name}" is compressed (method ${method}); torch.save stores entries uncompressed, so this file was repacked`);
    if (compressedSize !== size) fail(`entry "${name}" is stored but its sizes differ (${compressedSize} and ${size})`);
    inBounds(localOffset, 30, `the local header of "${name}"`);
    if (u32(localOffset) !== LOCAL_HEADER) fail(`the local header of "${name}" is damaged (bad signature)`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    inBounds(dataStart, size, `the data of "${name}"`);
    const data = bytes.subarray(dataStart, dataStart + size);
    if (crc32(data) !== crc) fail(`entry "${name}" fails its CRC-32 check; the file is damaged`);
    entries.set(name, data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
