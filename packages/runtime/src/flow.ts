import * as tf from '@tensorflow/tfjs-core';
import {
  createFlowVelocityField,
  flowLogDensity,
  type FlowModel,
  type FlowModelConfig,
  type FlowModelKind,
  type FlowSource,
  type Normalization,
  type PreparedPotential,
  type TrainingMetadata,
} from '@otflow/model';
import { odeint } from '@otflow/ode';
import { Random } from '@otflow/random';
import { BlockIntegrator, flowSource, type FlowBlock } from './flow-block';
import { readPoints, type PointMatrix, type PointsInput } from './points-input';

export interface IntegrationOptions {
  /** RK4 steps on [0, 1]. Default: the flow's `defaultSteps`. */
  nt?: number;
  /** Rows integrated per pass; bounds memory. Default 16384. */
  batchSize?: number;
}

export interface SampleOptions extends IntegrationOptions {
  /** Seed of the standard normal draws. Default 0. */
  seed?: number | string;
}

/** Points moved by the flow, with the log-determinant of the map's Jacobian at each point. */
export interface MappedPoints {
  points: PointMatrix;
  logDet: Float32Array;
}

export interface SamplesWithLogProb {
  samples: PointMatrix;
  logProb: Float32Array;
}

/** The path of every point at each RK4 step, in data units (forward) or from the normal side (inverse). */
export interface Trajectories {
  /** times[k] is the time of positions[k]: 0 → 1 forward, 1 → 0 inverse. */
  times: number[];
  positions: PointMatrix[];
}

const DEFAULT_BATCH = 16384;
/** RK4 steps when neither the caller nor the model file says: the reference's sampling setting. */
export const DEFAULT_STEPS = 12;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

function checkPositiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

/**
 * A trained flow (an OT-Flow potential or a velocity network) as a distribution over the data: samples, exact
 * log-densities, the maps in both directions with their log-determinants, and trajectories. Points are in the data's
 * own units; the model's standardization is applied and undone here. Create it with `loadFlow`; free it with
 * {@link Flow.dispose}.
 */
export class Flow {
  /** `potential` or `velocity`. */
  readonly kind: FlowModelKind;
  readonly config: FlowModelConfig;
  readonly normalization: Normalization | null;
  readonly training: TrainingMetadata | null;
  /** RK4 steps used when a call does not pass `nt`. */
  readonly defaultSteps: number;
  private readonly model: FlowModel;
  /** A potential's prepared weights (null for a velocity network). */
  private readonly prepared: PreparedPotential | null;
  /** What the dynamics evaluate: the prepared potential, or the velocity network. */
  private readonly source: FlowSource;
  private readonly mean: Float32Array | null;
  private readonly std: Float32Array | null;
  /** Σ log std: the log-determinant of the standardization's inverse. */
  private readonly logScale: number;

  constructor(model: FlowModel, normalization: Normalization | null, training: TrainingMetadata | null, defaultSteps = DEFAULT_STEPS) {
    this.model = model;
    this.kind = model.kind;
    this.config = model.config;
    this.normalization = normalization;
    this.training = training;
    this.defaultSteps = checkPositiveInteger(defaultSteps, 'defaultSteps');
    const { source, prepared } = flowSource(model);
    this.prepared = prepared;
    this.source = source;
    this.mean = normalization ? Float32Array.from(normalization.mean) : null;
    this.std = normalization ? Float32Array.from(normalization.std) : null;
    this.logScale = normalization ? normalization.std.reduce((sum, s) => sum + Math.log(s), 0) : 0;
  }

  /** Dimension of the data. */
  get d(): number {
    return this.config.d;
  }

  /** log ρ(x) for each row of `x`, in nats, in the data's units (numerics §4). */
  async logProb(x: PointsInput, options: IntegrationOptions = {}): Promise<Float32Array> {
    const { logDet, points } = await this.forward(x, options);
    return tf.tidy(() => {
      const z = tf.tensor2d(points.data, [points.rows, points.cols]);
      // forward() already subtracted Σ log std from the log-determinant.
      return flowLogDensity(z, tf.tensor1d(logDet)).dataSync() as Float32Array;
    });
  }

  /** f(x): data → standard normal (t: 0 → 1), with log|det ∂f/∂x| per point. */
  async forward(x: PointsInput, options: IntegrationOptions = {}): Promise<MappedPoints> {
    const input = readPoints(x, this.d, 'x');
    this.standardize(input.data);
    const mapped = await this.integrateWithDensity(input, 0, 1, options);
    for (let i = 0; i < mapped.logDet.length; i++) mapped.logDet[i] -= this.logScale;
    return mapped;
  }

  /** f⁻¹(z): standard normal → data (t: 1 → 0), with log|det ∂f⁻¹/∂z| per point. */
  async inverse(z: PointsInput, options: IntegrationOptions = {}): Promise<MappedPoints> {
    const input = readPoints(z, this.d, 'z');
    const mapped = await this.integrateWithDensity(input, 1, 0, options);
    this.unstandardize(mapped.points.data);
    for (let i = 0; i < mapped.logDet.length; i++) mapped.logDet[i] += this.logScale;
    return mapped;
  }

  /** `n` samples of the learned density (numerics §8: y ~ N(0, I), integrated 1 → 0), in data units. */
  async sample(n: number, options: SampleOptions = {}): Promise<PointMatrix> {
    const rows: Float32Array[] = [];
    for await (const batch of this.sampleBatches(n, options)) rows.push(batch.data);
    return { data: concat(rows), rows: n, cols: this.d };
  }

  /**
   * Samples with their log-densities from one inverse solve: log ρ(x) = log N(y) − log|det ∂f⁻¹/∂y| (exact up
   * to the RK4 error of the round trip).
   */
  async sampleAndLogProb(n: number, options: SampleOptions = {}): Promise<SamplesWithLogProb> {
    checkPositiveInteger(n, 'n');
    const normals = this.drawNormals(n, new Random(options.seed ?? 0));
    const { points, logDet } = await this.inverse(normals, options);
    const logProb = tf.tidy(() => {
      const y = tf.tensor2d(normals, [n, this.d]);
      return flowLogDensity(y, tf.neg(tf.tensor1d(logDet))).dataSync() as Float32Array;
    });
    return { samples: points, logProb };
  }

  /**
   * `n` samples in batches of `batchSize` rows (default 16384), with memory bounded by one batch: for writing
   * millions of samples to a file. The draws follow one seeded stream, so the samples do not depend on batchSize
   * beyond float32 rounding.
   */
  async *sampleBatches(n: number, options: SampleOptions = {}): AsyncGenerator<PointMatrix> {
    checkPositiveInteger(n, 'n');
    const nt = checkPositiveInteger(options.nt ?? this.defaultSteps, 'nt');
    const blockRows = this.blockRows(options);
    const random = new Random(options.seed ?? 0);
    const d = this.d;
    // Drawn block by block as the integration asks for them: one seeded stream, whatever the block size.
    const blocks = function* (flow: Flow): Generator<FlowBlock> {
      for (let start = 0; start < n; start += blockRows) {
        const rows = Math.min(blockRows, n - start);
        yield { kind: 'samples', data: flow.drawNormals(rows, random), rows, nt };
      }
    };
    for await (const data of this.integrateBlocks(blocks(this))) {
      this.unstandardize(data);
      yield { data, rows: data.length / d, cols: d };
    }
  }

  /** Positions at every RK4 step, for plots and animations: forward from data points, or inverse from normals. */
  async trajectories(points: PointsInput, options: IntegrationOptions & { direction?: 'forward' | 'inverse' } = {}): Promise<Trajectories> {
    const direction = options.direction ?? 'forward';
    if (direction !== 'forward' && direction !== 'inverse') {
      throw new Error(`direction must be "forward" or "inverse", got ${JSON.stringify(direction)}.`);
    }
    const nt = checkPositiveInteger(options.nt ?? this.defaultSteps, 'nt');
    const input = readPoints(points, this.d, direction === 'forward' ? 'x' : 'z');
    if (direction === 'forward') this.standardize(input.data);
    const [t0, t1] = direction === 'forward' ? [0, 1] : [1, 0];
    const velocity = createFlowVelocityField(this.source);
    const start = tf.tensor2d(input.data, [input.rows, this.d]);
    const solution = odeint(velocity, start, { t0, t1, method: 'rk4', steps: nt, saveAt: { everyStep: true } });
    velocity.dispose();
    start.dispose();
    solution.y.dispose();
    const positions: PointMatrix[] = [];
    for (const state of solution.ys ?? []) {
      const data = Float32Array.from(await state.data());
      state.dispose();
      this.unstandardize(data);
      positions.push({ data, rows: input.rows, cols: this.d });
    }
    return { times: solution.ts ?? [], positions };
  }

  /** Frees the model's tensors; the flow is unusable afterwards. */
  dispose(): void {
    this.prepared?.dispose();
    this.model.dispose();
  }

  private drawNormals(rows: number, random: Random): Float32Array {
    return random.fillNormal(new Float32Array(rows * this.d));
  }

  /**
   * Rows per block of work: the caller's batchSize (default 16384). Every block is integrated on its own, and a
   * row's result does not depend on the block it is in.
   */
  protected blockRows(options: IntegrationOptions): number {
    return checkPositiveInteger(options.batchSize ?? DEFAULT_BATCH, 'batchSize');
  }

  /** Integrates blocks with this flow's model, on this thread; the caller disposes it. */
  protected createIntegrator(): BlockIntegrator {
    return new BlockIntegrator(this.source, this.d);
  }

  /** The results of `blocks`, in order, computed one after another on this thread. */
  protected async *integrateBlocks(blocks: Iterable<FlowBlock>): AsyncGenerator<Float32Array> {
    const integrator = this.createIntegrator();
    try {
      for (const block of blocks) {
        yield integrator.integrate(block);
        await yieldToEventLoop();
      }
    } finally {
      integrator.dispose();
    }
  }

  private async integrateWithDensity(input: PointMatrix, t0: number, t1: number, options: IntegrationOptions): Promise<MappedPoints> {
    const nt = checkPositiveInteger(options.nt ?? this.defaultSteps, 'nt');
    const blockRows = this.blockRows(options);
    const d = this.d;
    const blocks = function* (): Generator<FlowBlock> {
      for (let start = 0; start < input.rows; start += blockRows) {
        const rows = Math.min(blockRows, input.rows - start);
        yield { kind: 'density', data: input.data.subarray(start * d, (start + rows) * d), rows, t0, t1, nt };
      }
    };
    const out = new Float32Array(input.rows * d);
    const logDet = new Float32Array(input.rows);
    let row = 0;
    for await (const values of this.integrateBlocks(blocks())) {
      const rows = values.length / (d + 1);
      for (let i = 0; i < rows; i++, row++) {
        for (let j = 0; j < d; j++) out[row * d + j] = values[i * (d + 1) + j];
        logDet[row] = values[i * (d + 1) + d];
      }
    }
    return { points: { data: out, rows: input.rows, cols: d }, logDet };
  }

  /** Data units → model units, in place. */
  private standardize(data: Float32Array): void {
    if (!this.mean || !this.std) return;
    for (let i = 0; i < data.length; i++) data[i] = (data[i] - this.mean[i % this.d]) / this.std[i % this.d];
  }

  /** Model units → data units, in place. */
  private unstandardize(data: Float32Array): void {
    if (!this.mean || !this.std) return;
    for (let i = 0; i < data.length; i++) data[i] = data[i] * this.std[i % this.d] + this.mean[i % this.d];
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((size, p) => size + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
