import { formatShape, shapeSize } from './weight-layout';

/** A number or arbitrarily nested arrays of numbers, as JSON holds tensors. */
export type NestedNumbers = number | NestedNumbers[];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return `a value of type ${typeof value}`;
}

/**
 * Reads nested arrays as a row-major flat array and a shape, checking that they are rectangular and hold only
 * finite numbers. `where` names the value in error messages (`weights.K0` → `weights.K0[3][1] is null, …`).
 */
export function flattenNested(value: unknown, where: string): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  const values: number[] = [];
  const visit = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (node === null) {
        throw new Error(`${path} is null, expected a finite number (JSON writes NaN and ±Infinity as null).`);
      }
      if (typeof node !== 'number') {
        throw new Error(`${path} is ${describe(node)}, expected a number (the value is not a rectangular array of numbers).`);
      }
      if (!Number.isFinite(node)) throw new Error(`${path} is ${node}: every value must be finite.`);
      values.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new Error(
        `${path} is ${describe(node)}, expected an array of length ${shape[depth]}: ${where} must be a ` +
          `rectangular array (its first entries have shape ${formatShape(shape)}).`,
      );
    }
    node.forEach((child, index) => visit(child, depth + 1, `${path}[${index}]`));
  };
  visit(value, 0, where);
  return { shape, values };
}

/** Nests a row-major flat array into arrays of the given shape; shape [] gives the number itself. */
export function nestFlat(values: ArrayLike<number>, shape: readonly number[]): NestedNumbers {
  if (values.length !== shapeSize(shape)) {
    throw new Error(`Cannot nest ${values.length} values into shape ${formatShape(shape)}.`);
  }
  const build = (depth: number, offset: number): NestedNumbers => {
    if (depth === shape.length) return values[offset];
    const stride = shapeSize(shape.slice(depth + 1));
    return Array.from({ length: shape[depth] }, (_, index) => build(depth + 1, offset + index * stride));
  };
  return build(0, 0);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((extent, index) => extent === b[index]);
}
