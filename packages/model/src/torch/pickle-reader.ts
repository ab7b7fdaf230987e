/**
 * A Python pickle as plain data. Python values become: None → null, bool → boolean, int → number (bigint beyond
 * ±2^53), float → number, str → string, bytes → Uint8Array, list → array, tuple → frozen array, dict → Map, set and
 * frozenset → Set. Anything else a pickle builds (class instances, function calls) goes through the caller's
 * {@link PickleGlobals}: a pickle from an unknown source can name any Python function, so only the globals a caller
 * expects are honoured, and any other one stops the read with its name.
 */
export type PickleValue = unknown;

/** What a GLOBAL opcode resolves to: something a REDUCE/NEWOBJ can call, and BUILD can update. */
export interface PickleCallable {
  /** `module.name`, for error messages. */
  readonly qualifiedName: string;
  /** REDUCE (`f(*args)`) and NEWOBJ (`cls.__new__(cls, *args)`). */
  call(args: readonly PickleValue[]): PickleValue;
}

export interface PickleReadOptions {
  /** Byte offset at which the pickle starts. Default 0. */
  offset?: number;
  /** Resolves `module.name` of a GLOBAL; return undefined to reject it. */
  resolveGlobal(module: string, name: string): PickleCallable | undefined;
  /** Applies BUILD's `state` to `target` (an object built by a global); return false to reject it. */
  build?(target: PickleValue, state: PickleValue): boolean;
  /** Resolves a persistent id (BINPERSID); without it a persistent id is an error. */
  persistentLoad?(pid: PickleValue): PickleValue;
  /** Names the data in error messages, e.g. "the checkpoint's data.pkl". */
  source?: string;
}

export interface PickleReadResult {
  value: PickleValue;
  /** The offset just past the STOP opcode: where a following pickle starts. */
  end: number;
}

const MARK = Symbol('mark');

/** Opcodes by byte, as pickletools names them. */
const OPCODE_NAMES: Record<number, string> = {
  0x80: 'PROTO', 0x95: 'FRAME', 0x2e: 'STOP', 0x28: 'MARK', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP',
  0x4e: 'NONE', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x4a: 'BININT', 0x4b: 'BININT1', 0x4d: 'BININT2',
  0x8a: 'LONG1', 0x8b: 'LONG4', 0x47: 'BINFLOAT', 0x58: 'BINUNICODE', 0x8c: 'SHORT_BINUNICODE',
  0x8d: 'BINUNICODE8', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES', 0x8e: 'BINBYTES8', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x5d: 'EMPTY_LIST', 0x61: 'APPEND', 0x65: 'APPENDS', 0x6c: 'LIST', 0x29: 'EMPTY_TUPLE',
  0x74: 'TUPLE', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3', 0x7d: 'EMPTY_DICT', 0x64: 'DICT', 0x73: 'SETITEM',
  0x75: 'SETITEMS', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x63: 'GLOBAL', 0x93: 'STACK_GLOBAL',
  0x52: 'REDUCE', 0x81: 'NEWOBJ', 0x92: 'NEWOBJ_EX', 0x62: 'BUILD', 0x51: 'BINPERSID', 0x68: 'BINGET',
  0x6a: 'LONG_BINGET', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x94: 'MEMOIZE',
};

/** The opcodes this reader understands (pickle protocols 2–5, as torch.save and pickle.dump write them). */
export const SUPPORTED_PICKLE_OPCODES: readonly string[] = Object.values(OPCODE_NAMES);

class PickleError extends Error {}

/** Decodes a little-endian two's-complement integer of any length (LONG1/LONG4) as a number or, beyond 2^53, a bigint. */
function littleEndianInteger(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Reads one pickle from `bytes` (protocols 2–5 with their binary opcodes; the text opcodes of protocols 0 and 1 are
 * rejected). Errors name the offset, the opcode and what was wrong: truncated data, an unknown opcode, a global the
 * caller does not accept, a malformed stack.
 */
export function readPickle(bytes: Uint8Array, options: PickleReadOptions): PickleReadResult {
  const source = options.source ?? 'the pickle';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = options.offset ?? 0;
  let opcodeStart = position;
  let opcodeName = '';
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();

  const fail = (problem: string): never => {
    throw new PickleError(`Cannot read ${source}: ${problem} (opcode ${opcodeName || '?'} at byte ${opcodeStart}).`);
  };
  const take = (length: number): Uint8Array => {
    if (!Number.isSafeInteger(length) || length < 0) fail(`a length of ${length} is invalid`);
    if (position + length > bytes.length) fail(`the data ends early: ${length} bytes needed, ${bytes.length - position} left; the file is truncated`);
    const slice = bytes.subarray(position, position + length);
    position += length;
    return slice;
  };
  const uint8 = () => take(1)[0];
  const uint16 = () => view.getUint16(take(2).byteOffset - bytes.byteOffset, true);
  const int32 = () => view.getInt32(take(4).byteOffset - bytes.byteOffset, true);
  const uint32 = () => view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
  const uint64 = () => {
    const offset = take(8).byteOffset - bytes.byteOffset;
    const value = view.getBigUint64(offset, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`a length of ${value} bytes is beyond this reader`);
    return Number(value);
  };
  const pop = (): unknown => {
    if (stack.length === 0) fail('the stack is empty');
    const value = stack.pop();
    if (value === MARK) fail('a MARK is where a value should be');
    return value;
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('the stack is empty');
    return stack[stack.length - 1];
  };
  const popToMark = (): unknown[] => {
    const mark = marks.pop();
    if (mark === undefined) fail('no MARK to pop to');
    // The MARK itself comes off too.
    return stack.splice(mark as number).slice(1);
  };
  const text = (data: Uint8Array): string => {
    try {
      return utf8.decode(data);
    } catch {
      return fail('a string is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, position);
    if (end < 0) fail('a GLOBAL name has no end of line; the file is truncated');
    const value = latin1.decode(bytes.subarray(position, end));
    position = end + 1;
    return value;
  };
  const global = (module: string, name: string): PickleCallable => {
    const resolved = options.resolveGlobal(module, name);
    if (resolved === undefined) {
      fail(`it refers to the Python object ${module}.${name}, which this reader does not accept (it reads plain data and tensors only)`);
    }
    return resolved as PickleCallable;
  };
  const callable = (value: unknown, what: string): PickleCallable => {
    if (typeof value !== 'object' || value === null || typeof (value as PickleCallable).call !== 'function' || !('qualifiedName' in value)) {
      fail(`${what} is not a class or function from a GLOBAL`);
    }
    return value as PickleCallable;
  };
  const call = (target: PickleCallable, args: unknown): unknown => {
    if (!Array.isArray(args)) fail(`the arguments of ${target.qualifiedName} are not a tuple`);
    try {
      return target.call(args as unknown[]);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      return fail(`${target.qualifiedName}: ${(error as Error).message}`);
    }
  };
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof Map)) fail('SETITEM(S) needs a dict');
    if (items.length % 2 !== 0) fail('SETITEMS needs key/value pairs');
    for (let i = 0; i < items.length; i += 2) (target as Map<unknown, unknown>).set(items[i], items[i + 1]);
  };
  const append = (target: unknown, items: unknown[]) => {
    if (!Array.isArray(target) || Object.isFrozen(target)) fail('APPEND(S) needs a list');
    (target as unknown[]).push(...items);
  };

  for (;;) {
    opcodeStart = position;
    opcodeName = '';
    if (position >= bytes.length) fail('the data ends before the STOP opcode; the file is truncated');
    const opcode = uint8();
    opcodeName = OPCODE_NAMES[opcode] ?? `0x${opcode.toString(16).padStart(2, '0')}`;
    switch (opcode) {
      case 0x80: {
        const protocol = uint8();
        if (protocol < 2 || protocol > 5) fail(`pickle protocol ${protocol} is not supported (2 to 5 are)`);
        break;
      }
      case 0x95:
        uint64(); // FRAME: a length hint only.
        break;
      case 0x2e:
        if (stack.length !== 1 || marks.length > 0) fail(`STOP leaves ${stack.length} values on the stack instead of one`);
        return { value: stack[0], end: position };
      case 0x28:
        marks.push(stack.length);
        stack.push(MARK);
        break;
      case 0x30:
        pop();
        break;
      case 0x31:
        popToMark();
        break;
      case 0x32:
        stack.push(top());
        break;
      case 0x4e:
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x4a:
        stack.push(int32());
        break;
      case 0x4b:
        stack.push(uint8());
        break;
      case 0x4d:
        stack.push(uint16());
        break;
      case 0x8a:
        stack.push(littleEndianInteger(take(uint8())));
        break;
      case 0x8b:
        stack.push(littleEndianInteger(take(int32())));
        break;
      case 0x47:
        stack.push(view.getFloat64(take(8).byteOffset - bytes.byteOffset, false));
        break;
      case 0x58:
        stack.push(text(take(uint32())));
        break;
      case 0x8c:
        stack.push(text(take(uint8())));
        break;
      case 0x8d:
        stack.push(text(take(uint64())));
        break;
      case 0x42:
        stack.push(take(uint32()).slice());
        break;
      case 0x43:
        stack.push(take(uint8()).slice());
        break;
      case 0x8e:
        stack.push(take(uint64()).slice());
        break;
      case 0x54:
        stack.push(latin1.decode(take(int32())));
        break;
      case 0x55:
        stack.push(latin1.decode(take(uint8())));
        break;
      case 0x5d:
        stack.push([]);
        break;
      case 0x61: {
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: {
        const items = popToMark();
        append(top(), items);
        break;
      }
      case 0x6c: {
        const items = popToMark();
        stack.push(items);
        break;
      }
      case 0x29:
        stack.push(Object.freeze([]));
        break;
      case 0x74: {
        const items = popToMark();
        stack.push(Object.freeze(items));
        break;
      }
      case 0x85:
      case 0x86:
      case 0x87: {
        const count = opcode - 0x84;
        const items = Array.from({ length: count }, pop).reverse();
        stack.push(Object.freeze(items));
        break;
      }
      case 0x7d:
        stack.push(new Map());
        break;
      case 0x64: {
        const items = popToMark();
        const dict = new Map();
        setItems(dict, items);
        stack.push(dict);
        break;
      }
      case 0x73: {
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        const items = popToMark();
        setItems(top(), items);
        break;
      }
      case 0x8f:
        stack.push(new Set());
        break;
      case 0x90: {
        const items = popToMark();
        const target = top();
        if (!(target instanceof Set) || Object.isFrozen(target)) fail('ADDITEMS needs a set');
        for (const item of items) (target as Set<unknown>).add(item);
        break;
      }
      case 0x91: {
        const items = popToMark();
        stack.push(Object.freeze(new Set(items)));
        break;
      }
      case 0x63: {
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs a module and a name');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        const args = pop();
        const target = callable(pop(), 'the object REDUCE calls');
        stack.push(call(target, args));
        break;
      }
      case 0x81: {
        const args = pop();
        const target = callable(pop(), 'the class NEWOBJ instantiates');
        stack.push(call(target, args));
        break;
      }
      case 0x92: {
        const keywords = pop();
        const args = pop();
        const target = callable(pop(), 'the class NEWOBJ_EX instantiates');
        if (!(keywords instanceof Map) || keywords.size > 0) fail(`${target.qualifiedName} is built with keyword arguments, which this reader does not support`);
        stack.push(call(target, args));
        break;
      }
      case 0x62: {
        const state = pop();
        const target = top();
        if (!options.build?.(target, state)) fail('BUILD sets the state of an object this reader does not build');
        break;
      }
      case 0x51: {
        const pid = pop();
        if (!options.persistentLoad) fail('it refers to external data (a persistent id), which this reader was not given');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      case 0x68:
      case 0x6a: {
        const index = opcode === 0x68 ? uint8() : uint32();
        if (!memo.has(index)) fail(`memo entry ${index} was never stored`);
        stack.push(memo.get(index));
        break;
      }
      case 0x71:
        memo.set(uint8(), top());
        break;
      case 0x72:
        memo.set(uint32(), top());
        break;
      case 0x94:
        memo.set(memo.size, top());
        break;
      default:
        fail(
          opcode >= 0x20 && opcode < 0x7f
            ? `"${String.fromCharCode(opcode)}" is not a binary pickle opcode (text pickles of protocols 0 and 1 are not supported)`
            : 'unknown opcode; the data is not a pickle or is damaged',
        );
    }
  }
}
