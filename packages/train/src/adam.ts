import * as tf from '@tensorflow/tfjs-core';

/** Adam's hyperparameters; the defaults are PyTorch's, as in the reference implementation. */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam's moments and step count as plain arrays, for checkpoints that resume exactly. */
export interface AdamState {
  step: number;
  firstMoments: number[][];
  secondMoments: number[][];
}

/** Tensor copies of Adam's state; free them with {@link disposeAdamSnapshot}. */
export interface AdamSnapshot {
  step: number;
  firstMoments: tf.Tensor[];
  secondMoments: tf.Tensor[];
}

export function disposeAdamSnapshot(snapshot: AdamSnapshot): void {
  for (const t of [...snapshot.firstMoments, ...snapshot.secondMoments]) t.dispose();
}

/**
 * Adam with PyTorch's update rule (bias-corrected moments, ε added after the square root), over a fixed list of
 * variables. Its state is plain data, so a checkpoint restores it bit for bit.
 */
export class Adam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private stepCount = 0;
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions,
  ) {
    checkPositive(options.learningRate, 'learningRate');
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [name, value] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
      if (!(value >= 0 && value < 1)) throw new Error(`Adam ${name} must be in [0, 1), got ${value}.`);
    }
    checkPositive(this.epsilon, 'epsilon');
    const zeroMoment = (v: tf.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(v), false));
    this.firstMoments = variables.map(zeroMoment);
    this.secondMoments = variables.map(zeroMoment);
  }

  get step(): number {
    return this.stepCount;
  }

  /** Applies one update with `gradients[i]` for `variables[i]`. The gradients are not disposed. */
  apply(gradients: readonly tf.Tensor[]): void {
    if (gradients.length !== this.variables.length) {
      throw new Error(`Adam expected ${this.variables.length} gradients, got ${gradients.length}.`);
    }
    this.stepCount += 1;
    const correction1 = 1 - this.beta1 ** this.stepCount;
    const correction2 = 1 - this.beta2 ** this.stepCount;
    const stepSize = this.learningRate / correction1;
    const rootCorrection2 = Math.sqrt(correction2);
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const gradient = gradients[i];
        const m = tf.add(tf.mul(this.firstMoments[i], this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(this.secondMoments[i], this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        this.firstMoments[i].assign(m);
        this.secondMoments[i].assign(v);
        const denominator = tf.add(tf.div(tf.sqrt(v), rootCorrection2), this.epsilon);
        variable.assign(tf.sub(variable, tf.mul(tf.div(m, denominator), stepSize)));
      });
    });
  }

  /** In-memory copies of the moments (cheap: no download), for rolling back a diverged step. */
  snapshot(): AdamSnapshot {
    return {
      step: this.stepCount,
      firstMoments: this.firstMoments.map((m) => tf.keep(tf.clone(m))),
      secondMoments: this.secondMoments.map((v) => tf.keep(tf.clone(v))),
    };
  }

  /** Returns to a {@link Adam.snapshot}; the snapshot stays valid until disposed. */
  restore(snapshot: AdamSnapshot): void {
    this.stepCount = snapshot.step;
    this.firstMoments.forEach((m, i) => m.assign(snapshot.firstMoments[i]));
    this.secondMoments.forEach((v, i) => v.assign(snapshot.secondMoments[i]));
  }

  getState(): AdamState {
    const read = (list: tf.Variable[]) => list.map((v) => Array.from(v.dataSync()));
    return { step: this.stepCount, firstMoments: read(this.firstMoments), secondMoments: read(this.secondMoments) };
  }

  setState(state: AdamState): void {
    const count = this.variables.length;
    if (!Number.isInteger(state?.step) || state.step < 0) throw new Error('Adam state needs a non-negative integer "step".');
    for (const key of ['firstMoments', 'secondMoments'] as const) {
      const list = state[key];
      if (!Array.isArray(list) || list.length !== count) {
        throw new Error(`Adam state "${key}" must hold ${count} arrays, one per variable.`);
      }
      list.forEach((values, i) => {
        if (!Array.isArray(values) || values.length !== this.variables[i].size) {
          throw new Error(`Adam state "${key}[${i}]" must hold ${this.variables[i].size} numbers.`);
        }
      });
    }
    this.stepCount = state.step;
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        this.firstMoments[i].assign(tf.tensor(state.firstMoments[i], variable.shape, 'float32'));
        this.secondMoments[i].assign(tf.tensor(state.secondMoments[i], variable.shape, 'float32'));
      });
    });
  }

  dispose(): void {
    for (const v of [...this.firstMoments, ...this.secondMoments]) v.dispose();
  }
}

function checkPositive(value: number, name: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`Adam ${name} must be a positive number, got ${value}.`);
}
