import { mkdtempSync, readFileSync as read, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { importReferenceStateDict, modelFileToJSON, serializeModel, Potential } from '@otflow/model';
import { describe, expect, it } from 'vitest';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { Flow } from './flow';
import { loadFlow } from './load-flow';
import { loadFlowFile } from './load-flow-file';
import { writeSamples } from './write-samples';

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
