import { readPickle, type PickleValue } from './pickle-reader';
import { isStorageTypeReference, torchPickleGlobals } from './python-globals';
import { STORAGE_TYPES, TorchStorage } from './torch-tensor';
import { isZipArchive, readZipArchive } from './zip-archive';

/** What {@link readTorchCheckpoint} found: the saved object as plain data, and the file's serialization format. */
export interface TorchCheckpoint {
  /** `zip`: torch ≥ 1.6's default; `legacy`: the format before it (also written with `_use_new_zipfile_serialization=False`). */
  format: 'zip' | 'legacy';
  /** The object passed to torch.save: dicts as Maps, tensors as TorchTensor (see readPickle and torchPickleGlobals). */
  value: PickleValue;
}

/** torch's legacy format starts with this number, pickled. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL_VERSION = 1001;

function storageFromPersistentId(pid: PickleValue, storages: Map<string, TorchStorage>, where: string): TorchStorage {
  if (!Array.isArray(pid) || pid[0] !== 'storage') {
    throw new Error(`${where} refers to external data of an unknown kind (${JSON.stringify(Array.isArray(pid) ? pid[0] : typeof pid)}); only tensor storages are supported`);
  }
  const [, type, key, , size] = pid as unknown[];
  if (!isStorageTypeReference(type)) throw new Error(`${where}: a storage's type is not a torch storage class`);
  if (typeof key !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new Error(`${where}: a storage reference is malformed (key ${JSON.stringify(key)}, size ${String(size)})`);
  }
  // Legacy files may name a view of another storage; torch has written none since 1.0 and this reader reads none.
  if (pid.length > 5 && pid[5] !== null) throw new Error(`${where}: storage ${key} is a storage view, which this reader does not support`);
  let storage = storages.get(key);
  if (storage === undefined) {
    storage = new TorchStorage(key, STORAGE_TYPES[type.storageType], size);
    storages.set(key, storage);
  } else if (storage.type !== STORAGE_TYPES[type.storageType]) {
    throw new Error(`${where}: storage ${key} is read as two different types`);
  }
  return storage;
}

function readZipCheckpoint(bytes: Uint8Array, source: string): TorchCheckpoint {
  const entries = readZipArchive(bytes, source);
  const pickleName = [...entries.keys()].find((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickleName === undefined) {
    throw new Error(`${source} is a zip archive but not a PyTorch checkpoint: it has no <name>/data.pkl entry.`);
  }
  const prefix = pickleName.slice(0, -'data.pkl'.length);
  const byteOrder = entries.get(`${prefix}byteorder`);
  if (byteOrder !== undefined && new TextDecoder().decode(byteOrder) !== 'little') {
    throw new Error(`${source} was saved on a big-endian machine; this reader reads little-endian checkpoints only.`);
  }
  const storages = new Map<string, TorchStorage>();
  const where = `${source} (${pickleName})`;
  const { value } = readPickle(entries.get(pickleName) as Uint8Array, {
    ...torchPickleGlobals(),
    source: where,
    persistentLoad: (pid) => storageFromPersistentId(pid, storages, where),
  });
  for (const storage of storages.values()) {
    const data = entries.get(`${prefix}data/${storage.key}`);
    if (data === undefined) throw new Error(`${source} lacks the entry ${prefix}data/${storage.key} that holds storage ${storage.key}; the file is incomplete.`);
    storage.load(data, source);
  }
  return { format: 'zip', value };
}

function readLegacyCheckpoint(bytes: Uint8Array, source: string): TorchCheckpoint {
  const plain = { ...torchPickleGlobals(), source: `${source} (its header)` };
  const magic = readPickle(bytes, plain);
  if (magic.value !== LEGACY_MAGIC) throw new Error(`${source} is not a PyTorch checkpoint: its first pickle is not torch's magic number.`);
  const version = readPickle(bytes, { ...plain, offset: magic.end });
  if (version.value !== LEGACY_PROTOCOL_VERSION) {
    throw new Error(`${source} uses torch's legacy protocol ${String(version.value)}; this reader reads protocol ${LEGACY_PROTOCOL_VERSION}.`);
  }
  const systemInfo = readPickle(bytes, { ...plain, offset: version.end });
  if (!(systemInfo.value instanceof Map) || systemInfo.value.get('little_endian') !== true) {
    throw new Error(`${source} was saved on a big-endian machine or has a damaged header; this reader reads little-endian checkpoints only.`);
  }
  const storages = new Map<string, TorchStorage>();
  const where = `${source} (its object)`;
  const main = readPickle(bytes, {
    ...torchPickleGlobals(),
    source: where,
    offset: systemInfo.end,
    persistentLoad: (pid) => storageFromPersistentId(pid, storages, where),
  });
  const keys = readPickle(bytes, { ...plain, source: `${source} (its storage list)`, offset: main.end });
  if (!Array.isArray(keys.value) || !keys.value.every((key) => typeof key === 'string')) {
    throw new Error(`${source}: the list of storages after the object is damaged.`);
  }
  // Then each storage in that order: its element count as a little-endian int64, then its bytes.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = keys.end;
  for (const key of keys.value as string[]) {
    const storage = storages.get(key);
    if (storage === undefined) throw new Error(`${source}: storage ${key} is listed but no tensor uses it; the file is damaged.`);
    if (offset + 8 > bytes.length) throw new Error(`${source} ends before storage ${key}; the file is truncated.`);
    const count = Number(view.getBigInt64(offset, true));
    if (count !== storage.size) {
      throw new Error(`${source}: storage ${key} declares ${storage.size} elements but its data holds ${count}; the file is damaged.`);
    }
    const length = count * storage.type.elementSize;
    if (offset + 8 + length > bytes.length) throw new Error(`${source} ends inside storage ${key}; the file is truncated.`);
    storage.load(bytes.subarray(offset + 8, offset + 8 + length), source);
    offset += 8 + length;
  }
  const unread = [...storages.keys()].filter((key) => !(keys.value as string[]).includes(key));
  if (unread.length > 0) throw new Error(`${source}: the data of storage ${unread[0]} is missing; the file is incomplete.`);
  return { format: 'legacy', value: main.value };
}

/**
 * Reads a file written by torch.save, in either format (the zip archive of torch ≥ 1.6, or the legacy format of
 * torch < 1.6 and `_use_new_zipfile_serialization=False`), with no Python: the saved object comes back as plain data
 * (dicts as Maps, tensors as TorchTensor). Only plain data and tensors are accepted; a pickled module, an unknown
 * class, a big-endian or truncated file stops with a message saying so. `source` names the file in messages.
 */
export function readTorchCheckpoint(bytes: Uint8Array, source = 'the checkpoint'): TorchCheckpoint {
  if (!(bytes instanceof Uint8Array)) throw new Error(`readTorchCheckpoint needs the file's bytes as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}.`);
  if (bytes.length === 0) throw new Error(`${source} is empty.`);
  if (isZipArchive(bytes)) return readZipCheckpoint(bytes, source);
  if (bytes.length > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar') {
    throw new Error(`${source} is a tar archive: the format of PyTorch before 0.4, which this reader does not support; load and save it again with a newer torch.`);
  }
  if (bytes[0] !== 0x80) {
    throw new Error(`${source} is not a PyTorch checkpoint: it is neither a zip archive nor a pickle (it starts with byte 0x${bytes[0].toString(16)}).`);
  }
  return readLegacyCheckpoint(bytes, source);
}
