// The PyTorch checkpoint fixtures of test/fixtures/torch (written once by its generate.py): bytes and expected values.
import { readFileSync } from 'node:fs';

const FOLDER = new URL('./fixtures/torch/', import.meta.url);

/** The bytes of a fixture file. */
export function torchFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FOLDER)));
}

/** A fixture's JSON companion. */
export function torchFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8')) as T;
}

/** What PyTorch computed, in float64, for the small MNIST-shaped checkpoint (mnist-legacy.pth / mnist-zip.pth). */
export interface MnistFixtureExpectations {
  d: number;
  m: number;
  nTh: number;
  r: number;
  eps: number;
  pixel_mean: number;
  pixel_std: number;
  alph: number[];
  nt: number;
  images: number[][];
  codes: number[][];
  z: number[][];
  nll: number[];
  normals: number[][];
  generated_latent: number[][];
  decoded: number[][];
  mu: number[][];
  std: number[][];
  args: Record<string, unknown>;
}
