import { Tensor } from '@tensorflow/tfjs-core';
import { invalidArgument } from './errors';

/** A state made of float32 tensors: one tensor, an array of states, or a record of states (nesting allowed). */
export type TensorState = Tensor | readonly TensorState[] | { readonly [key: string]: TensorState };

/** The structure of a tensor state: where its leaves sit and their shapes. */
export type TreeDef =
  | { readonly kind: 'leaf'; readonly shape: readonly number[] }
  | { readonly kind: 'array'; readonly items: readonly TreeDef[] }
  | { readonly kind: 'record'; readonly keys: readonly string[]; readonly items: readonly TreeDef[] };

/** Reads the structure of y0 and checks that every leaf is a float32 tensor. */
export function describeTree(value: unknown, path = 'y0'): TreeDef {
  if (value instanceof Tensor) {
    if (value.dtype !== 'float32') {
      throw invalidArgument(`${path} is a ${value.dtype} tensor; states must be float32: cast it with tf.cast(x, 'float32').`);
    }
    if (value.isDisposed) throw invalidArgument(`${path} is a disposed tensor.`);
    return { kind: 'leaf', shape: value.shape };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalidArgument(`${path} is an empty array; a state needs at least one tensor.`);
    return { kind: 'array', items: value.map((item, i) => describeTree(item, `${path}[${i}]`)) };
  }
  if (isPlainRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) throw invalidArgument(`${path} is an empty object; a state needs at least one tensor.`);
    return { kind: 'record', keys, items: keys.map((key) => describeTree(value[key], `${path}.${key}`)) };
  }
  throw invalidArgument(
    `${path} must be a float32 tensor, an array or record of tensors, or a Float64Array, got ${describeValue(value)}.`,
  );
}

/** The leaves of `value` in the order of `def`, checking that `value` has exactly that structure and shapes. */
export function flattenTree(def: TreeDef, value: unknown, context: string, path = ''): Tensor[] {
  const leaves: Tensor[] = [];
  collect(def, value, context, path, leaves);
  return leaves;
}

/** Rebuilds a state of structure `def` from its leaves. */
export function buildTree(def: TreeDef, leaves: readonly Tensor[]): TensorState {
  let next = 0;
  const build = (node: TreeDef): TensorState => {
    if (node.kind === 'leaf') return leaves[next++];
    if (node.kind === 'array') return node.items.map(build);
    const record: Record<string, TensorState> = {};
    node.keys.forEach((key, i) => {
      record[key] = build(node.items[i]);
    });
    return record;
  };
  return build(def);
}

function collect(def: TreeDef, value: unknown, context: string, path: string, leaves: Tensor[]): void {
  const mismatch = (what: string) =>
    invalidArgument(`${context} returned a state whose structure differs from y0 at y${path}: ${what}. f must return dy/dt with the structure of y.`);
  if (def.kind === 'leaf') {
    if (!(value instanceof Tensor)) throw mismatch(`expected a tensor, got ${describeValue(value)}`);
    if (value.dtype !== 'float32') throw mismatch(`expected a float32 tensor, got ${value.dtype}`);
    if (!sameShape(value.shape, def.shape)) {
      throw mismatch(`expected shape [${def.shape.join(', ')}], got [${value.shape.join(', ')}]`);
    }
    leaves.push(value);
    return;
  }
  if (def.kind === 'array') {
    if (!Array.isArray(value)) throw mismatch(`expected an array of ${def.items.length}, got ${describeValue(value)}`);
    if (value.length !== def.items.length) throw mismatch(`expected an array of ${def.items.length}, got ${value.length} entries`);
    def.items.forEach((item, i) => collect(item, value[i], context, `${path}[${i}]`, leaves));
    return;
  }
  if (!isPlainRecord(value)) throw mismatch(`expected a record with keys ${def.keys.join(', ')}, got ${describeValue(value)}`);
  const extra = Object.keys(value).filter((key) => !def.keys.includes(key));
  if (extra.length > 0) throw mismatch(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (expected ${def.keys.join(', ')})`);
  def.keys.forEach((key, i) => {
    if (!Object.hasOwn(value, key)) throw mismatch(`missing key ${key}`);
    collect(def.items[i], value[key], context, `${path}.${key}`, leaves);
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof Tensor) return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'}`;
  return `${typeof value} ${String(value)}`;
}
