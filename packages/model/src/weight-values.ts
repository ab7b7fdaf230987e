import type { PotentialConfig } from './potential-config';
import { formatShape, potentialWeightShapes, shapeSize, type PotentialWeightValues } from './weight-layout';

/** Weight values as a caller may give them: any flat numeric array per name, row-major. */
export type PotentialWeightInput = Record<string, ArrayLike<number>>;

/**
 * Checks that `values` holds exactly the weights of `config`, each with the right number of finite entries, and
 * copies them to Float32Arrays. `where` names the source in error messages.
 */
export function checkWeightValues(config: PotentialConfig, values: PotentialWeightInput, where = 'weights'): PotentialWeightValues {
  if (typeof values !== 'object' || values === null) {
    throw new Error(`${where} must be an object mapping weight names to arrays, got ${String(values)}.`);
  }
  const shapes = potentialWeightShapes(config);
  const unexpected = Object.keys(values).filter((name) => !(name in shapes));
  if (unexpected.length > 0) {
    throw new Error(
      `${where} has unexpected entries ${unexpected.map((name) => `"${name}"`).join(', ')}; a potential with ` +
        `nTh = ${config.nTh} has exactly ${Object.keys(shapes).join(', ')}.`,
    );
  }
  const checked: PotentialWeightValues = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const value = values[name];
    if (value === undefined) throw new Error(`${where} is missing "${name}" (shape ${formatShape(shape)}).`);
    const size = shapeSize(shape);
    if (typeof value !== 'object' || value === null || typeof value.length !== 'number' || value.length !== size) {
      const length = typeof value === 'object' && value !== null ? value.length : typeof value;
      throw new Error(`${where}.${name} must hold ${size} numbers (shape ${formatShape(shape)}), got ${length}.`);
    }
    const array = Float32Array.from(value);
    const bad = array.findIndex((entry) => !Number.isFinite(entry));
    if (bad >= 0) throw new Error(`${where}.${name}[${bad}] is ${String(value[bad])}: every weight must be finite.`);
    checked[name] = array;
  }
  return checked;
}
