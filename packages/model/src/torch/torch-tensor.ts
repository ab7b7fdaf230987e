/** The element types a torch checkpoint's storages can hold, as this reader names them. */
export type TorchDtype = 'float64' | 'float32' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** A tensor's values in C order: float tensors as Float32Array/Float64Array, integers as typed integer arrays. */
export type TorchValues = Float64Array | Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

interface StorageType {
  dtype: TorchDtype;
  elementSize: number;
  /** Reads `count` little-endian elements starting at byte `offset`. */
  read(view: DataView, offset: number, count: number): TorchValues;
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function reader<T extends TorchValues>(
  make: (count: number) => T,
  get: (view: DataView, offset: number) => number | bigint,
  size: number,
): (view: DataView, offset: number, count: number) => T {
  return (view, offset, count) => {
    const out = make(count);
    for (let i = 0; i < count; i++) (out as unknown as (number | bigint)[])[i] = get(view, offset + i * size);
    return out;
  };
}

/** torch.<Name>Storage → element type, as the checkpoints' persistent ids name them. */
export const STORAGE_TYPES: Readonly<Record<string, StorageType>> = Object.freeze({
  DoubleStorage: { dtype: 'float64', elementSize: 8, read: reader((n) => new Float64Array(n), (v, o) => v.getFloat64(o, true), 8) },
  FloatStorage: { dtype: 'float32', elementSize: 4, read: reader((n) => new Float32Array(n), (v, o) => v.getFloat32(o, true), 4) },
  HalfStorage: { dtype: 'float16', elementSize: 2, read: reader((n) => new Float32Array(n), (v, o) => halfToFloat(v.getUint16(o, true)), 2) },
  // bfloat16 is the upper half of a float32.
  BFloat16Storage: {
    dtype: 'bfloat16',
    elementSize: 2,
    read: reader((n) => new Float32Array(n), (v, o) => new Float32Array(new Uint32Array([v.getUint16(o, true) << 16]).buffer)[0], 2),
  },
  LongStorage: { dtype: 'int64', elementSize: 8, read: reader((n) => new BigInt64Array(n), (v, o) => v.getBigInt64(o, true), 8) },
  IntStorage: { dtype: 'int32', elementSize: 4, read: reader((n) => new Int32Array(n), (v, o) => v.getInt32(o, true), 4) },
  ShortStorage: { dtype: 'int16', elementSize: 2, read: reader((n) => new Int16Array(n), (v, o) => v.getInt16(o, true), 2) },
  CharStorage: { dtype: 'int8', elementSize: 1, read: reader((n) => new Int8Array(n), (v, o) => v.getInt8(o), 1) },
  ByteStorage: { dtype: 'uint8', elementSize: 1, read: reader((n) => new Uint8Array(n), (v, o) => v.getUint8(o), 1) },
  BoolStorage: { dtype: 'bool', elementSize: 1, read: reader((n) => new Uint8Array(n), (v, o) => v.getUint8(o), 1) },
});

/** One storage of a checkpoint: its type and, once read, its elements. */
export class TorchStorage {
  private elements: TorchValues | null = null;

  constructor(
    readonly key: string,
    readonly type: StorageType,
    /** Elements, as the checkpoint declares them. */
    readonly size: number,
  ) {}

  /** Sets the storage's bytes (little-endian); their length must match the declared size. */
  load(bytes: Uint8Array, where: string): void {
    const expected = this.size * this.type.elementSize;
    if (bytes.length !== expected) {
      throw new Error(
        `${where}: storage ${this.key} holds ${bytes.length} bytes, but the checkpoint declares ${this.size} ${this.type.dtype} ` +
          `elements (${expected} bytes); the file is truncated or damaged.`,
      );
    }
    this.elements = this.type.read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, this.size);
  }

  get values(): TorchValues {
    if (this.elements === null) throw new Error(`Storage ${this.key} of the checkpoint was never read; the file is incomplete.`);
    return this.elements;
  }
}

/**
 * A tensor of a torch checkpoint: dtype, shape and its values in C (row-major) order, gathered from its storage
 * through its offset and strides (so views and transposed tensors come out as PyTorch's `tensor.tolist()` does).
 */
export class TorchTensor {
  readonly dtype: TorchDtype;
  private gathered: TorchValues | null = null;

  constructor(
    private readonly storage: TorchStorage,
    private readonly storageOffset: number,
    readonly shape: readonly number[],
    private readonly stride: readonly number[],
  ) {
    this.dtype = storage.type.dtype;
    const checkIntegers = (list: readonly number[], what: string) => {
      if (!list.every((entry) => Number.isSafeInteger(entry) && entry >= 0)) throw new Error(`a tensor's ${what} is not a list of counts: ${JSON.stringify(list)}`);
    };
    checkIntegers(shape, 'shape');
    checkIntegers(stride, 'strides');
    if (stride.length !== shape.length) throw new Error(`a tensor has ${shape.length} dimensions but ${stride.length} strides`);
    if (!Number.isSafeInteger(storageOffset) || storageOffset < 0) throw new Error(`a tensor's storage offset ${storageOffset} is invalid`);
    const size = this.size;
    const last = shape.reduce((sum, extent, axis) => sum + (extent - 1) * stride[axis], storageOffset);
    if (size > 0 && last >= storage.size) {
      throw new Error(`a tensor of shape [${shape.join(', ')}] reaches element ${last} of a storage of ${storage.size}`);
    }
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((product, extent) => product * extent, 1);
  }

  /** The values in C order (a copy of the storage's, made once). */
  get values(): TorchValues {
    if (this.gathered === null) {
      const source = this.storage.values;
      const out = new (source.constructor as new (length: number) => TorchValues)(this.size);
      const index = new Array<number>(this.shape.length).fill(0);
      for (let i = 0; i < out.length; i++) {
        let offset = this.storageOffset;
        for (let axis = 0; axis < index.length; axis++) offset += index[axis] * this.stride[axis];
        (out as unknown as (number | bigint)[])[i] = source[offset];
        for (let axis = index.length - 1; axis >= 0; axis--) {
          if (++index[axis] < this.shape[axis]) break;
          index[axis] = 0;
        }
      }
      this.gathered = out;
    }
    return this.gathered;
  }

  /** The values as plain numbers (int64 beyond ±2^53 is an error); `where` names the tensor in messages. */
  toNumbers(where = 'the tensor'): number[] {
    return Array.from(this.values as ArrayLike<number | bigint>, (value) => {
      if (typeof value === 'bigint') {
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new Error(`${where} holds the int64 ${value}, which a JavaScript number cannot hold exactly.`);
        }
        return Number(value);
      }
      return value;
    });
  }
}
