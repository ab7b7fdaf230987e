import * as tf from '@tensorflow/tfjs-core';
import { createFlowModel, serializeModel, type FlowModelKind } from '@otflow/model';
import { Random } from '@otflow/random';
import { describe, expect, it } from 'vitest';
import type { Flow } from './flow';
import { loadFlow } from './load-flow';
import { loadParallelFlow } from './worker-flow';

/** A trained-looking model file of `kind` with a normalization, so that results go through standardization too. */
function modelFile(kind: FlowModelKind, d: number) {
  const model = createFlowModel(kind, { d, m: 12, nTh: 2, seed: `worker-flow-${kind}` });
  const normalization = { mean: Array.from({ length: d }, (_, j) => 0.5 * j - 1), std: Array.from({ length: d }, (_, j) => 1 + 0.25 * j) };
  const file = serializeModel(model, { normalization });
  model.dispose();
  return file;
}

function points(rows: number, d: number): Float32Array {
  return new Random('worker-flow-points').fillNormal(new Float32Array(rows * d));
}

/** Everything a flow computes with worker threads, for the same inputs. */
async function results(flow: Flow) {
  const x = points(2500, flow.d);
  const streamed: Float32Array[] = [];
  for await (const batch of flow.sampleBatches(4100, { seed: 5, nt: 3, batchSize: 1500 })) streamed.push(batch.data);
  return {
    samples: Array.from((await flow.sample(5000, { seed: 7, nt: 3 })).data),
    streamed: streamed.map((part) => Array.from(part)),
    logProb: Array.from(await flow.logProb(x, { nt: 3 })),
    inverse: Array.from((await flow.inverse(x, { nt: 3, batchSize: 700 })).points.data),
    sampleAndLogProb: Array.from((await flow.sampleAndLogProb(3000, { seed: 2, nt: 3 })).logProb),
  };
}

describe('loadParallelFlow', () => {
  it.each([
    ['potential', 3, [2, 3]],
    ['velocity', 2, [2]],
  ] as const)('%s: samples, densities and maps do not depend on the number of workers', async (kind, d, counts) => {
    const file = modelFile(kind, d);
    const single = await loadFlow(file);
    const expected = await results(single);
    single.dispose();
    expect(expected.streamed.map((part) => part.length / d)).toEqual([1500, 1500, 1100]);
    for (const workers of counts) {
      const flow = await loadParallelFlow(file, { workers });
      expect(await results(flow)).toEqual(expected);
      await flow.dispose();
    }
  });

  it('leaks no tensors on the calling thread, checks input there, and stops its workers on dispose', async () => {
    const flow = await loadParallelFlow(modelFile('potential', 2), { workers: 2 });
    await flow.sample(10, { nt: 2 });
    const before = tf.memory().numTensors;
    for (let seed = 0; seed < 2; seed++) {
      await flow.sample(5000, { nt: 2, seed });
      await flow.logProb(points(3000, 2), { nt: 2 });
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(flow.logProb(points(3, 3), { nt: 2 })).rejects.toThrow(/x holds 9 values, which is not a whole number of 2-dimensional points/);
    await flow.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('with one worker is a plain Flow; rejects a bad count', async () => {
    const file = modelFile('velocity', 2);
    const flow = await loadParallelFlow(file, { workers: 1 });
    expect(flow.constructor.name).toBe('Flow');
    flow.dispose();
    await expect(loadParallelFlow(file, { workers: -1 })).rejects.toThrow(/workers must be a positive integer .* got -1/);
  });
});
