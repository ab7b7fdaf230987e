// The reference fixture of numerics §11: a swissroll potential trained by the authors' PyTorch code, with what their
// code computed for it in float64. It lives in the repository, beside this file.
import { readFileSync } from 'node:fs';

const FIXTURE = new URL('./fixtures/reference-swissroll.json', import.meta.url);

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
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as ReferenceFixture;
}
