import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs, type BackendName } from '@otflow/backend';
import { checkWorkerCount, defaultWorkerCount, siblingWorkerModule, WorkerPool } from '@otflow/backend/node';
import { parseModelFile, serializeModel, type FlowModel, type Normalization, type TrainingMetadata } from '@otflow/model';
import { Flow, type IntegrationOptions } from './flow';
import type { FlowBlock, FlowWorkerInit } from './flow-block';
import { readSource, type LoadFlowOptions, type ModelSource } from './load-flow';

export interface FlowWorkerOptions {
  /**
   * Threads that integrate: the calling thread and `workers − 1` worker threads, each with its own tfjs backend.
   * 1 integrates on the calling thread alone.
   */
  workers?: number;
}

/**
 * Rows per block of work when worker threads share it: small enough that the blocks of a few thousand samples keep
 * every thread busy, large enough that a block's kernel launches stay a small part of its time. Fixed, so the blocks
 * (and the normals each one draws) do not depend on the number of workers.
 */
const PARALLEL_BLOCK_ROWS = 2048;

interface BlockResult {
  promise: Promise<Float32Array>;
  value: Float32Array | null;
}

/** A block as it is posted: a view of a larger array would copy all of that array's buffer to the worker. */
function postable(block: FlowBlock): FlowBlock {
  const { data } = block;
  return data.byteLength === data.buffer.byteLength ? block : { ...block, data: data.slice() };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A Flow whose sampling, densities and maps are integrated by the calling thread and worker threads together, block by
 * block. Every row's result is what the calling thread alone computes (the blocks are fixed and a row's result does
 * not depend on its block), so results do not depend on the number of workers.
 */
class WorkerFlow extends Flow {
  constructor(
    model: FlowModel,
    normalization: Normalization | null,
    training: TrainingMetadata | null,
    defaultSteps: number | undefined,
    private readonly pool: WorkerPool,
  ) {
    super(model, normalization, training, defaultSteps);
  }

  /** Frees the model's tensors and stops the worker threads. */
  override async dispose(): Promise<void> {
    super.dispose();
    await this.pool.close();
  }

  protected override blockRows(options: IntegrationOptions): number {
    return Math.min(super.blockRows(options), PARALLEL_BLOCK_ROWS);
  }

  /**
   * The results of `blocks` in order: idle workers take the next blocks, and the calling thread integrates one itself
   * whenever the next result is not ready yet. At most twice as many blocks as threads are in flight.
   */
  protected override async *integrateBlocks(blocks: Iterable<FlowBlock>): AsyncGenerator<Float32Array> {
    const pool = this.pool;
    const pending = blocks[Symbol.iterator]();
    let exhausted = false;
    const take = (): FlowBlock | null => {
      if (exhausted) return null;
      const next = pending.next();
      exhausted = next.done === true;
      return next.done ? null : next.value;
    };
    const limit = 2 * (pool.size + 1);
    const idle = Array.from({ length: pool.size }, (_, worker) => worker);
    const queue: BlockResult[] = [];
    const integrator = this.createIntegrator();
    try {
      for (;;) {
        // Lets the workers' answers in: they arrive as messages, between turns of the event loop.
        await yieldToEventLoop();
        while (idle.length > 0 && queue.length < limit) {
          const block = take();
          if (block === null) break;
          const worker = idle.pop()!;
          const result: BlockResult = { promise: pool.request<Float32Array>(worker, postable(block)), value: null };
          result.promise.then(
            (value) => {
              result.value = value;
              idle.push(worker);
            },
            // Thrown where the result is awaited, in order; a later failure after an earlier one is not unhandled.
            () => undefined,
          );
          queue.push(result);
        }
        const head = queue[0];
        if (head?.value) {
          queue.shift();
          yield head.value;
          continue;
        }
        const block = queue.length < limit ? take() : null;
        if (block !== null) {
          const value = integrator.integrate(block);
          queue.push({ promise: Promise.resolve(value), value });
        } else if (head) {
          await head.promise;
        } else {
          return;
        }
      }
    } finally {
      integrator.dispose();
    }
  }
}

/**
 * Loads a model (as {@link loadFlow} does) as a Flow that integrates on `workers` threads in Node: sample,
 * sampleBatches, sampleAndLogProb, logProb, forward and inverse split their rows into blocks that the calling thread
 * and worker threads integrate together. Results are the same for every number of workers. Dispose the flow to stop
 * the workers (idle workers never keep the process alive).
 */
export async function loadParallelFlow(source: ModelSource, options: LoadFlowOptions & FlowWorkerOptions = {}): Promise<Flow> {
  const { workers = defaultWorkerCount(), defaultSteps, ...setup } = options;
  const count = checkWorkerCount(workers);
  await setupTfjs(setup);
  const { model, normalization, training } = parseModelFile(await readSource(source));
  if (count === 1) return new Flow(model, normalization, training, defaultSteps);
  let pool: WorkerPool;
  try {
    const init: FlowWorkerInit = { backend: tf.getBackend() as BackendName, model: serializeModel(model) };
    pool = await WorkerPool.start(siblingWorkerModule(import.meta.url, 'flow-worker'), { size: count - 1, workerData: init, role: 'flow' });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return new WorkerFlow(model, normalization, training, defaultSteps, pool);
}
