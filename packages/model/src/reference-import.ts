import { flattenNested, sameShape } from './nested-array';
import { Potential } from './potential';
import { resolvePotentialConfig, type PotentialConfig } from './potential-config';
import { formatShape } from './weight-layout';

/** Expectations to check the inferred architecture against. */
export interface ReferenceImportOptions {
  r?: number;
  nTh?: number;
}

const LAYER_KEY = /^N\.layers\.(\d+)\.(weight|bias)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds a {@link Potential} from the authors' PyTorch state_dict (github EmoryMLIP/OT-Flow) as JSON: `A` (r × (d+1)),
 * `c.weight` (1 × (d+1), the potential's b), `c.bias` (1, the potential's c), `w.weight` (1 × m), `N.layers.0.weight`/`.bias`
 * (K0, b0) and `N.layers.i.weight`/`.bias` (K_i, b_i). d, m, nTh and r are read off the shapes. Accepts the bare
 * state_dict or `{ config, state_dict }` (as in the reference fixture), whose config must then agree.
 */
export function importReferenceStateDict(input: unknown, options: ReferenceImportOptions = {}): Potential {
  if (!isRecord(input)) throw new Error(`A reference state_dict must be an object of named arrays, got ${input === null ? 'null' : typeof input}.`);
  const wrapped = 'state_dict' in input;
  const stateDict = wrapped ? input.state_dict : input;
  if (!isRecord(stateDict)) throw new Error('state_dict must be an object of named arrays.');

  const entries = new Map<string, { shape: number[]; values: number[] }>();
  for (const [key, value] of Object.entries(stateDict)) entries.set(key, flattenNested(value, `state_dict["${key}"]`));
  const entry = (key: string, meaning: string): { shape: number[]; values: number[] } => {
    const found = entries.get(key);
    if (found === undefined) throw new Error(`The state_dict is missing "${key}" (${meaning}).`);
    return found;
  };

  const opening = entry('N.layers.0.weight', 'K0, the opening layer weight, m × (d+1)');
  if (opening.shape.length !== 2 || opening.shape[1] < 2) {
    throw new Error(`"N.layers.0.weight" must be m × (d+1) with d ≥ 1, got shape ${formatShape(opening.shape)}.`);
  }
  const [m, columns] = opening.shape;
  const d = columns - 1;
  const quadratic = entry('A', 'the quadratic term, r × (d+1)');
  if (quadratic.shape.length !== 2 || quadratic.shape[1] !== d + 1) {
    throw new Error(`"A" has shape ${formatShape(quadratic.shape)}, expected r × ${d + 1} (r × (d+1) with d = ${d}).`);
  }
  const layerIndices = new Set<number>();
  for (const key of entries.keys()) {
    const match = LAYER_KEY.exec(key);
    if (match) layerIndices.add(Number(match[1]));
  }
  const nTh = layerIndices.size;
  const inferred = { d, m, nTh, r: quadratic.shape[0] };
  const config: PotentialConfig = resolvePotentialConfig(inferred, 'inferred ');
  for (let layer = 0; layer < nTh; layer++) {
    if (!layerIndices.has(layer)) {
      throw new Error(`The state_dict's layers must be numbered 0..${nTh - 1}; "N.layers.${layer}.*" is missing.`);
    }
  }
  checkExpectations(config, options, wrapped ? input.config : undefined);

  const expected: Record<string, { shape: number[]; meaning: string }> = {
    A: { shape: [config.r, d + 1], meaning: 'the quadratic term A' },
    'c.weight': { shape: [1, d + 1], meaning: "the potential's linear term b" },
    'c.bias': { shape: [1], meaning: "the potential's constant c" },
    'w.weight': { shape: [1, m], meaning: 'the output weights w' },
  };
  for (let layer = 0; layer < nTh; layer++) {
    const name = layer === 0 ? 'the opening layer' : `residual layer ${layer}`;
    expected[`N.layers.${layer}.weight`] = { shape: layer === 0 ? [m, d + 1] : [m, m], meaning: `K${layer}, ${name}'s weight` };
    expected[`N.layers.${layer}.bias`] = { shape: [m], meaning: `b${layer}, ${name}'s bias` };
  }
  const extra = [...entries.keys()].filter((key) => !(key in expected));
  if (extra.length > 0) {
    throw new Error(
      `The state_dict has unexpected entries ${extra.map((key) => `"${key}"`).join(', ')}; an OT-Flow potential has ` +
        `exactly ${Object.keys(expected).join(', ')}.`,
    );
  }
  for (const [key, { shape, meaning }] of Object.entries(expected)) {
    const found = entry(key, `${meaning}, shape ${formatShape(shape)}`);
    if (!sameShape(found.shape, shape)) {
      throw new Error(
        `"${key}" (${meaning}) has shape ${formatShape(found.shape)}, expected ${formatShape(shape)} ` +
          `(d = ${d}, m = ${m}, r = ${config.r}).`,
      );
    }
  }

  // Every expected entry exists and has its shape now.
  const values = (key: string): number[] => (entries.get(key) as { values: number[] }).values;
  const weights: Record<string, number[]> = { w: values('w.weight'), A: values('A'), b: values('c.weight'), c: values('c.bias') };
  for (let layer = 0; layer < nTh; layer++) {
    weights[`K${layer}`] = values(`N.layers.${layer}.weight`);
    weights[`b${layer}`] = values(`N.layers.${layer}.bias`);
  }
  return Potential.fromWeights(config, weights);
}

function checkExpectations(config: PotentialConfig, options: ReferenceImportOptions, fileConfig: unknown): void {
  for (const key of ['r', 'nTh'] as const) {
    const wanted = options[key];
    if (wanted !== undefined && wanted !== config[key]) {
      throw new Error(`options.${key} is ${wanted}, but the state_dict's shapes give ${key} = ${config[key]}.`);
    }
  }
  if (fileConfig === undefined) return;
  if (!isRecord(fileConfig)) throw new Error('The config next to the state_dict must be an object.');
  for (const key of ['d', 'm', 'nTh', 'r'] as const) {
    if (fileConfig[key] !== undefined && fileConfig[key] !== config[key]) {
      throw new Error(
        `config.${key} is ${String(fileConfig[key])}, but the state_dict's shapes give ${key} = ${config[key]}.`,
      );
    }
  }
}
