// The reference fixture of SPEC §11, read from the read-only shared/ folder that sits beside the repository
// (OTFLOW_SHARED overrides where that is).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = 'fixtures/reference-swissroll.json';
const here = dirname(fileURLToPath(import.meta.url));
const candidates = [
  process.env.OTFLOW_SHARED && resolve(process.env.OTFLOW_SHARED, FILE),
  resolve(here, '../../shared', FILE),
].filter((path): path is string => typeof path === 'string');

interface FixtureResults {
  J: number;
  L: number;
  C: number;
  R: number;
  nll: number[][];
  z: number[][];
  logdet: number[];
  L_per: number[];
  R_per: number[];
}

export interface ReferenceFixture {
  config: { d: number; m: number; nTh: number; r: number; alph: number[] };
  state_dict: Record<string, unknown>;
  points: number[][];
  results: { nt8: FixtureResults; nt12: FixtureResults };
  normal_inputs: number[][];
  generated_nt12: number[][];
  phi_at_t0_first4: number[];
  grad_at_t03_first4: number[][];
  trace_at_t03_first4: number[];
}

export function readReferenceFixture(): ReferenceFixture {
  const path = candidates.find((candidate) => existsSync(candidate));
  if (path === undefined) {
    throw new Error(`The reference fixture is missing: looked for ${candidates.join(', ')} (set OTFLOW_SHARED).`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceFixture;
}
