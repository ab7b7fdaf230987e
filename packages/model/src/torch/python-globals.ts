import type { PickleCallable, PickleReadOptions, PickleValue } from './pickle-reader';
import { STORAGE_TYPES, TorchTensor, type TorchStorage } from './torch-tensor';

/** A storage type named by a GLOBAL (torch.FloatStorage, …): only meaningful inside a persistent id. */
export interface StorageTypeReference extends PickleCallable {
  readonly storageType: string;
}

/** Python 2 names that protocol-2 pickles use for Python 3 modules. */
const MODULE_ALIASES: Record<string, string> = { __builtin__: 'builtins' };

function callable(qualifiedName: string, call: (args: readonly PickleValue[]) => PickleValue): PickleCallable {
  return { qualifiedName, call };
}

function numberList(value: PickleValue, what: string): number[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'number')) throw new Error(`${what} must be a tuple of integers`);
  return value as number[];
}

function rebuildTensor(args: readonly PickleValue[]): TorchTensor {
  const [storage, offset, shape, stride] = args;
  if (!(storage && typeof storage === 'object' && 'type' in storage && 'load' in storage)) throw new Error('the first argument is not a storage');
  if (typeof offset !== 'number') throw new Error('the storage offset is not an integer');
  return new TorchTensor(storage as TorchStorage, offset, numberList(shape, 'the size'), numberList(stride, 'the stride'));
}

/**
 * The Python globals a torch checkpoint of plain data and tensors refers to, as {@link PickleReadOptions} hooks:
 * dicts and OrderedDicts become Maps (an OrderedDict's attributes, such as a state_dict's `_metadata`, are dropped),
 * argparse.Namespace becomes a Map of its attributes, sets become Sets, `_codecs.encode` gives bytes, tensors become
 * {@link TorchTensor}s (parameters too) and torch.*Storage names a storage type. Every other global is rejected.
 */
export function torchPickleGlobals(): Pick<PickleReadOptions, 'resolveGlobal' | 'build'> {
  const orderedDicts = new WeakSet<object>();
  const namespaces = new WeakSet<object>();
  const namespace = callable('argparse.Namespace', (args) => {
    if (args.length > 0) throw new Error('expected no arguments');
    const attributes = new Map<PickleValue, PickleValue>();
    namespaces.add(attributes);
    return attributes;
  });
  const known: Record<string, PickleCallable> = {
    'collections.OrderedDict': callable('collections.OrderedDict', (args) => {
      const dict = new Map<PickleValue, PickleValue>();
      const pairs = args[0] ?? [];
      if (!Array.isArray(pairs)) throw new Error('expected a list of pairs');
      for (const pair of pairs) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new Error('expected key/value pairs');
        dict.set(pair[0], pair[1]);
      }
      orderedDicts.add(dict);
      return dict;
    }),
    'argparse.Namespace': namespace,
    'builtins.set': callable('builtins.set', (args) => new Set(Array.isArray(args[0]) ? args[0] : [])),
    'builtins.frozenset': callable('builtins.frozenset', (args) => Object.freeze(new Set(Array.isArray(args[0]) ? args[0] : []))),
    '_codecs.encode': callable('_codecs.encode', (args) => {
      const [text, encoding] = args;
      if (typeof text !== 'string' || encoding !== 'latin1') throw new Error('expected a string and "latin1"');
      return Uint8Array.from(text, (character) => character.charCodeAt(0));
    }),
    'torch._utils._rebuild_tensor_v2': callable('torch._utils._rebuild_tensor_v2', rebuildTensor),
    'torch._utils._rebuild_tensor': callable('torch._utils._rebuild_tensor', rebuildTensor),
    'torch._utils._rebuild_parameter': callable('torch._utils._rebuild_parameter', (args) => {
      if (!(args[0] instanceof TorchTensor)) throw new Error('expected a tensor');
      return args[0];
    }),
  };
  for (const name of Object.keys(STORAGE_TYPES)) {
    const reference: StorageTypeReference = {
      qualifiedName: `torch.${name}`,
      storageType: name,
      call: () => {
        throw new Error('a storage type is only valid inside a persistent id');
      },
    };
    known[`torch.${name}`] = reference;
  }
  return {
    resolveGlobal: (module, name) => known[`${MODULE_ALIASES[module] ?? module}.${name}`],
    build(target, state) {
      if (typeof target !== 'object' || target === null) return false;
      if (namespaces.has(target) && state instanceof Map) {
        for (const [key, value] of state) (target as Map<PickleValue, PickleValue>).set(key, value);
        return true;
      }
      // An OrderedDict's instance attributes (a state_dict's _metadata of module versions) are not data.
      return orderedDicts.has(target) && state instanceof Map;
    },
  };
}

/** Whether a pickled value is a storage type reference (torch.FloatStorage, …). */
export function isStorageTypeReference(value: PickleValue): value is StorageTypeReference {
  return typeof value === 'object' && value !== null && 'storageType' in value;
}
