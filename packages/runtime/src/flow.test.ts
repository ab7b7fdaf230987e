import { mkdtempSync, readFileSync as read, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  importReferenceStateDict,
  modelFileToJSON,
  serializeModel,
  Potential,
} from '@otflow/model';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { randomVelocityNetwork } from '../../model/test/random-velocity-network';
import { Flow } from './flow';
import { loadFlow } from './load-flow';
import { loadFlowFile } from './load-flow-file';
import { writeSamples } from './write-samples';

/** A d = 2 velocity network with weights from U(−0.5, 0.5). */
const smallVelocityNetwork = (seed: string) => randomVelocityNetwork({ d: 2, m: 6, nTh: 3 }, seed, 0.5);

const fixture = readReferenceFixture();

function fixtureFlow(): Flow {
  return new Flow(importReferenceStateDict(fixture), null, null);
}

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}

describe('Flow on the reference fixture', () => {
  it('generates the reference samples from its normal inputs (nt = 12)', async () => {
    const flow = fixtureFlow();
    const { points } = await flow.inverse(fixture.normal_inputs, { nt: 12 });
    expect(maxRelativeError(points.data, fixture.generated_nt12.flat())).toBeLessThan(1e-4);
    flow.dispose();
  });

  it('reproduces the per-point NLL at nt = 8 and 12', async () => {
    const flow = fixtureFlow();
    for (const nt of [8, 12] as const) {
      const logProb = await flow.logProb(fixture.points, { nt, batchSize: 200 });
      const expected = fixture.results[`nt${nt}`].nll.flat().map((v: number) => -v);
      expect(maxRelativeError(logProb, expected)).toBeLessThan(1e-4);
    }
    flow.dispose();
  });

  it('inverts itself: mean ‖x − f⁻¹(f(x))‖ < 1e-4', async () => {
    const flow = fixtureFlow();
    const { points: z } = await flow.forward(fixture.points, { nt: 12 });
    const { points: back, logDet } = await flow.inverse(z.data, { nt: 12 });
    let total = 0;
    for (let i = 0; i < z.rows; i++) {
      total += Math.hypot(back.data[2 * i] - fixture.points[i][0], back.data[2 * i + 1] - fixture.points[i][1]);
    }
    expect(total / z.rows).toBeLessThan(1e-4);
    expect(logDet.every(Number.isFinite)).toBe(true);
    flow.dispose();
  });

  it('gives log-densities with samples that agree with logProb', async () => {
    const flow = fixtureFlow();
    const { samples, logProb } = await flow.sampleAndLogProb(300, { seed: 5, nt: 12 });
    const direct = await flow.logProb(samples.data, { nt: 12 });
    expect(maxRelativeError(logProb, direct, 1)).toBeLessThan(2e-3);
    flow.dispose();
  });
});

describe('Flow', () => {
  it('returns samples in data units and densities with the standardization accounted for', async () => {
    const potential = new Potential({ d: 2, m: 8, seed: 3 });
    const plain = new Flow(potential.clone(), null, null);
    const scaled = new Flow(potential, { mean: [10, -5], std: [2, 0.5] }, null);
    const a = await plain.sample(50, { seed: 1, nt: 4 });
    const b = await scaled.sample(50, { seed: 1, nt: 4 });
    for (let i = 0; i < 50; i++) {
      expect(b.data[2 * i]).toBeCloseTo(a.data[2 * i] * 2 + 10, 4);
      expect(b.data[2 * i + 1]).toBeCloseTo(a.data[2 * i + 1] * 0.5 - 5, 4);
    }
    // log ρ_data(x) = log ρ_model((x − μ)/σ) − Σ log σ.
    const logPlain = await plain.logProb(a.data, { nt: 4 });
    const callerCopy = b.data.slice();
    const logScaled = await scaled.logProb(b.data, { nt: 4 });
    expect(b.data).toEqual(callerCopy); // the caller's points are not standardized in place
    for (let i = 0; i < 50; i++) expect(logScaled[i]).toBeCloseTo(logPlain[i] - Math.log(2 * 0.5), 4);
    plain.dispose();
    scaled.dispose();
  });

  it('is seeded, streams in batches and matches one-shot sampling', async () => {
    const flow = new Flow(new Potential({ d: 2, m: 8, seed: 3 }), null, null);
    const once = await flow.sample(1000, { seed: 7, nt: 3 });
    expect((await flow.sample(1000, { seed: 7, nt: 3 })).data).toEqual(once.data);
    const parts: Float32Array[] = [];
    for await (const batch of flow.sampleBatches(1000, { seed: 7, nt: 3, batchSize: 300 })) {
      expect(batch.rows).toBeLessThanOrEqual(300);
      parts.push(batch.data);
    }
    const streamed = Float32Array.from(parts.flatMap((p) => Array.from(p)));
    expect(maxRelativeError(streamed, once.data, 1)).toBeLessThan(1e-6);
    flow.dispose();
  });

  it('traces trajectories at every RK4 step', async () => {
    const flow = fixtureFlow();
    const { times, positions } = await flow.trajectories(fixture.points.slice(0, 5), { nt: 4 });
    expect(times).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(positions).toHaveLength(5);
    expect(Array.from(positions[0].data)).toEqual(Array.from(Float32Array.from(fixture.points.slice(0, 5).flat())));
    const { points: z } = await flow.forward(fixture.points.slice(0, 5), { nt: 4 });
    expect(maxRelativeError(positions[4].data, z.data)).toBeLessThan(1e-5);
    flow.dispose();
  });

  it('leaks no tensors across sampling and density calls', async () => {
    const flow = fixtureFlow();
    await flow.sample(10, { nt: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await flow.sample(100, { nt: 2, seed: i });
      await flow.logProb(fixture.points.slice(0, 50), { nt: 2 });
      await flow.sampleAndLogProb(20, { nt: 2 });
      await flow.trajectories(fixture.points.slice(0, 3), { nt: 2, direction: 'forward' });
    }
    expect(tf.memory().numTensors).toBe(before);
    flow.dispose();
  });

  it('rejects bad input with messages that name the problem', async () => {
    const flow = fixtureFlow();
    await expect(flow.logProb([[1, 2, 3]])).rejects.toThrow(/x\[0\] must be an array of 2 numbers, got 3 numbers/);
    await expect(flow.logProb([[1, Number.NaN]])).rejects.toThrow(/x has a non-finite value \(NaN\) at row 1, column 2/);
    await expect(flow.logProb([])).rejects.toThrow(/x is empty/);
    await expect(flow.logProb(new Float32Array(3))).rejects.toThrow(/3 values, which is not a whole number of 2-dimensional points/);
    await expect(flow.sample(0)).rejects.toThrow(/n must be a positive integer, got 0/);
    await expect(flow.sample(-5)).rejects.toThrow(/n must be a positive integer, got -5/);
    await expect(flow.sample(10, { nt: 1.5 })).rejects.toThrow(/nt must be a positive integer, got 1.5/);
    await expect(flow.trajectories([[0, 0]], { direction: 'sideways' as never })).rejects.toThrow(/direction must be "forward" or "inverse"/);
    flow.dispose();
  });
});

describe('loading and writing', () => {
  it('loads a model file from JSON text, an object or bytes, and rejects a truncated one', async () => {
    const potential = new Potential({ d: 2, m: 4, seed: 1 });
    const json = modelFileToJSON(serializeModel(potential, { normalization: { mean: [1, 2], std: [3, 4] } }));
    for (const source of [json, JSON.parse(json), new TextEncoder().encode(json)]) {
      const flow = await loadFlow(source);
      expect(flow.d).toBe(2);
      expect(flow.normalization).toEqual({ mean: [1, 2], std: [3, 4] });
      flow.dispose();
    }
    await expect(loadFlow(json.slice(0, json.length / 2))).rejects.toThrow(/truncated or corrupt/);
    // A failed tfjs setup is reported as loadFlow's, not as that of a function the caller never called.
    await expect(loadFlow(json, { backend: 'webgpu' as never })).rejects.toThrow(/^loadFlow: Unknown backend "webgpu": choose one of wasm, cpu/);
    potential.dispose();
  });

  it('streams samples to .npy and .csv files atomically and names a missing model file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otflow-runtime-'));
    const flow = fixtureFlow();
    await writeSamples(flow, join(dir, 'samples.npy'), 1001, { nt: 2, batchSize: 250, seed: 3 });
    const bytes = read(join(dir, 'samples.npy'));
    const headerLength = bytes.readUInt16LE(8);
    expect(bytes.subarray(10, 10 + headerLength).toString()).toMatch(/'descr': '<f4', 'fortran_order': False, 'shape': \(1001, 2\)/);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes.length).toBe(10 + headerLength + 1001 * 2 * 4);
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length));
    const expected = await flow.sample(1001, { nt: 2, seed: 3 });
    expect(maxRelativeError(values, expected.data, 1)).toBeLessThan(1e-6);

    await writeSamples(flow, join(dir, 'samples.csv'), 10, { nt: 2 });
    const lines = read(join(dir, 'samples.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('x1,x2');
    expect(lines).toHaveLength(11);
    const written = lines.slice(1).flatMap((line) => line.split(',').map(Number));
    const sampled = await flow.sample(10, { nt: 2 });
    expect(Float32Array.from(written)).toEqual(sampled.data); // nine digits round-trip every float32
    expect(lines[1].length).toBeLessThan(30);
    expect(readdirSync(dir).sort()).toEqual(['samples.csv', 'samples.npy']);

    await expect(writeSamples(flow, join(dir, 'samples.txt'), 10)).rejects.toThrow(/name it \*\.csv or \*\.npy/);
    await expect(writeSamples(flow, join(dir, 'missing-dir', 'x.csv'), 10)).rejects.toThrow(/Cannot write .*missing-dir/);
    await expect(loadFlowFile(join(dir, 'nope.json'))).rejects.toThrow(/Model file not found: .*nope\.json/);
    flow.dispose();
  });
});

/** n points of N(0, 1.5² I) in 2-D, row-major. */
function dataPoints(n: number, seed: string): Float32Array {
  return Float32Array.from(new Random(seed).normalArray(2 * n), (z) => 1.5 * z);
}

describe('Flow on a velocity network', () => {
  it('reports its kind and config', () => {
    const flow = new Flow(smallVelocityNetwork('kind'), null, null);
    expect(flow.kind).toBe('velocity');
    expect(flow.config).toEqual({ d: 2, m: 6, nTh: 3 });
    expect(flow.d).toBe(2);
    flow.dispose();
  });

  it('inverts itself: f⁻¹(f(x)) ≈ x and the log-determinants cancel (RK4 on the same grid)', async () => {
    const flow = new Flow(smallVelocityNetwork('round-trip'), null, null);
    const x = dataPoints(100, 'round-trip-x');
    for (const nt of [4, 12]) {
      const { points: z, logDet } = await flow.forward(x, { nt });
      const { points: back, logDet: inverseLogDet } = await flow.inverse(z.data, { nt });
      let roundTrip = 0;
      let moved = 0;
      let logDetGap = 0;
      for (let i = 0; i < 100; i++) {
        roundTrip += Math.hypot(back.data[2 * i] - x[2 * i], back.data[2 * i + 1] - x[2 * i + 1]) / 100;
        moved += Math.hypot(z.data[2 * i] - x[2 * i], z.data[2 * i + 1] - x[2 * i + 1]) / 100;
        // log|det ∂f⁻¹/∂z| at f(x) is −log|det ∂f/∂x| at x.
        logDetGap = Math.max(logDetGap, Math.abs(logDet[i] + inverseLogDet[i]));
      }
      // The random field really moves the points; for a field this smooth RK4's round-trip error at nt ≥ 4 is at
      // float32 rounding level.
      expect(moved, `nt = ${nt}`).toBeGreaterThan(0.3);
      expect(roundTrip, `nt = ${nt}`).toBeLessThan(1e-5);
      expect(logDetGap, `nt = ${nt}`).toBeLessThan(1e-5);
    }
    flow.dispose();
  });

  it('gives logProb by the change of variables from forward()', async () => {
    const flow = new Flow(smallVelocityNetwork('log-prob'), null, null);
    const x = dataPoints(40, 'log-prob-x');
    const { points: z, logDet } = await flow.forward(x, { nt: 6 });
    const logProb = await flow.logProb(x, { nt: 6 });
    for (let i = 0; i < 40; i++) {
      const squaredNorm = z.data[2 * i] ** 2 + z.data[2 * i + 1] ** 2;
      // numerics §4: log ρ0(x) = −(d/2) log 2π − ½‖z(1)‖² + ℓ(1).
      const expected = -Math.log(2 * Math.PI) - 0.5 * squaredNorm + logDet[i];
      expect(Math.abs(logProb[i] - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
    }
    // A non-trivial map: the log-determinants are not all zero.
    expect(Math.max(...Array.from(logDet, Math.abs))).toBeGreaterThan(1e-2);
    flow.dispose();
  });

  it('gives samples with log-densities that agree with logProb', async () => {
    const flow = new Flow(smallVelocityNetwork('sample-log-prob'), null, null);
    const { samples, logProb } = await flow.sampleAndLogProb(200, { seed: 5, nt: 12 });
    expect([samples.rows, samples.cols]).toEqual([200, 2]);
    const direct = await flow.logProb(samples.data, { nt: 12 });
    expect(maxRelativeError(logProb, direct, 1)).toBeLessThan(1e-3);
    // The samples are the ones sample() draws for the same seed.
    const drawn = await flow.sample(200, { seed: 5, nt: 12 });
    expect(maxRelativeError(samples.data, drawn.data, 1)).toBeLessThan(1e-5);
    flow.dispose();
  });

  it('samples deterministically for a seed', async () => {
    const flow = new Flow(smallVelocityNetwork('seeded'), null, null);
    const once = await flow.sample(300, { seed: 7, nt: 4 });
    expect((await flow.sample(300, { seed: 7, nt: 4 })).data).toEqual(once.data);
    expect((await flow.sample(300, { seed: 8, nt: 4 })).data).not.toEqual(once.data);
    const other = new Flow(smallVelocityNetwork('seeded'), null, null);
    expect((await other.sample(300, { seed: 7, nt: 4 })).data).toEqual(once.data);
    other.dispose();
    flow.dispose();
  });

  it('traces nt + 1 frames in both directions', async () => {
    const flow = new Flow(smallVelocityNetwork('trajectories'), null, null);
    const x = dataPoints(5, 'trajectories-x');
    const forward = await flow.trajectories(x, { nt: 5 });
    expect(forward.times).toHaveLength(6);
    expect(forward.times[0]).toBe(0);
    expect(forward.times[5]).toBeCloseTo(1, 12);
    expect(forward.positions).toHaveLength(6);
    expect(forward.positions[0].data).toEqual(x);
    const { points: z } = await flow.forward(x, { nt: 5 });
    expect(maxRelativeError(forward.positions[5].data, z.data)).toBeLessThan(1e-5);

    const inverse = await flow.trajectories(z.data, { nt: 5, direction: 'inverse' });
    expect(inverse.times).toHaveLength(6);
    expect(inverse.times[0]).toBe(1);
    expect(inverse.times[5]).toBeCloseTo(0, 12);
    const { points: back } = await flow.inverse(z.data, { nt: 5 });
    expect(maxRelativeError(inverse.positions[5].data, back.data)).toBeLessThan(1e-5);
    flow.dispose();
  });

  it('leaks no tensors across repeated calls, and frees everything on dispose', async () => {
    const start = tf.memory().numTensors;
    const flow = new Flow(smallVelocityNetwork('memory'), null, null);
    const x = dataPoints(30, 'memory-x');
    await flow.sample(10, { nt: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await flow.sample(50, { nt: 2, seed: i });
      await flow.logProb(x, { nt: 2 });
      await flow.forward(x, { nt: 2 });
      await flow.inverse(x, { nt: 2 });
      await flow.sampleAndLogProb(20, { nt: 2 });
      await flow.trajectories(x.subarray(0, 6), { nt: 2, direction: 'inverse' });
      expect(tf.memory().numTensors).toBe(before);
    }
    flow.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('applies the normalization: samples and maps in data units, densities with Σ log σ', async () => {
    const network = smallVelocityNetwork('normalized');
    const plain = new Flow(network.clone(), null, null);
    const scaled = new Flow(network, { mean: [10, -5], std: [2, 0.5] }, null);
    const a = await plain.sample(50, { seed: 1, nt: 4 });
    const b = await scaled.sample(50, { seed: 1, nt: 4 });
    for (let i = 0; i < 50; i++) {
      expect(b.data[2 * i]).toBeCloseTo(a.data[2 * i] * 2 + 10, 4);
      expect(b.data[2 * i + 1]).toBeCloseTo(a.data[2 * i + 1] * 0.5 - 5, 4);
    }
    // forward() standardizes first: f_data(x) = f((x − μ)/σ), log-determinant less Σ log σ.
    const forwardPlain = await plain.forward(a.data, { nt: 4 });
    const forwardScaled = await scaled.forward(b.data, { nt: 4 });
    expect(maxRelativeError(forwardScaled.points.data, forwardPlain.points.data, 1)).toBeLessThan(1e-4);
    for (let i = 0; i < 50; i++) expect(forwardScaled.logDet[i]).toBeCloseTo(forwardPlain.logDet[i] - Math.log(2 * 0.5), 4);
    const logPlain = await plain.logProb(a.data, { nt: 4 });
    const logScaled = await scaled.logProb(b.data, { nt: 4 });
    for (let i = 0; i < 50; i++) expect(logScaled[i]).toBeCloseTo(logPlain[i] - Math.log(2 * 0.5), 4);
    plain.dispose();
    scaled.dispose();
  });

  it('loads from a velocity model file', async () => {
    const network = smallVelocityNetwork('file');
    const json = modelFileToJSON(serializeModel(network, { normalization: { mean: [1, 2], std: [3, 4] } }));
    const loaded = await loadFlow(json);
    const direct = new Flow(network, { mean: [1, 2], std: [3, 4] }, null);
    expect(loaded.kind).toBe('velocity');
    expect((await loaded.sample(20, { seed: 2, nt: 3 })).data).toEqual((await direct.sample(20, { seed: 2, nt: 3 })).data);
    loaded.dispose();
    direct.dispose();
  });
});
