import * as tf from '@tensorflow/tfjs-core';
import { evaluateAugmentedField, FIELD_CHECKPOINTINGS, type FieldCheckpointing } from './augmented-field-op';
import { checkBatch, checkTime, type PotentialSource } from './evaluation-input';
import { FieldParameters } from './field-parameters';
import { PackedColumns } from './packed-columns';
import { derivativesAtTime } from './gradient-and-trace';
import { isPreparedPotential, PreparedPotential } from './prepared-potential';

/**
 * The augmented ODE's state per sample (numerics §4); every entry has one row per sample. (A type alias, not an
 * interface, so that it is a tf.TensorContainer.)
 */
export type AugmentedState = {
  /** Position x, n × d. */
  x: tf.Tensor2D;
  /** ℓ, the accumulated log-determinant, n × 1. */
  logDet: tf.Tensor2D;
  /** L, the accumulated transport cost, n × 1. */
  transport: tf.Tensor2D;
  /** R, the accumulated Hamilton–Jacobi–Bellman residual, n × 1. */
  hjb: tf.Tensor2D;
};

/**
 * How the augmented field is differentiated. `custom` (the default): one op per evaluation with a hand-derived
 * gradient (fast; what the tape keeps is set by `checkpointing`). `autodiff`: plain tfjs ops differentiated by tfjs
 * (the reference the custom gradient is tested against).
 */
export type DynamicsGradient = 'custom' | 'autodiff';

export const DYNAMICS_GRADIENTS: readonly DynamicsGradient[] = ['custom', 'autodiff'];

export interface DynamicsOptions {
  /** α_L, the transport cost's weight; 1 in every published setting. */
  alphaL?: number;
  /**
   * How the augmented field (a potential's or a velocity network's) is differentiated; default `custom`.
   * {@link createVelocityField}, which moves samples without densities, ignores it.
   */
  gradient?: DynamicsGradient;
  /**
   * With the custom gradient, what each evaluation keeps for the backward pass: `recompute` (its inputs only),
   * `store` (also every intermediate it reads) or `auto` (the default: store when that is at most 24 MiB per
   * evaluation).
   */
  checkpointing?: FieldCheckpointing;
}

/** A right-hand side f(t, y) for an ODE solver that holds prepared weights. */
export type Dynamics<State> = ((t: number, state: State) => State) & {
  /** The prepared weights the field evaluates. */
  readonly prepared: PreparedPotential;
  /** Frees the preparation when the factory made it (it was given weights); a no-op when it was given one. */
  dispose(): void;
};

function resolveAlphaL(options: DynamicsOptions): number {
  const alphaL = options.alphaL ?? 1;
  if (typeof alphaL !== 'number' || !Number.isFinite(alphaL) || alphaL <= 0) {
    throw new Error(`alphaL (the transport cost's weight α_L) must be a positive finite number, got ${String(alphaL)}.`);
  }
  return alphaL;
}

function resolveChoice<T extends string>(value: T | undefined, fallback: T, choices: readonly T[], name: string): T {
  const chosen = value ?? fallback;
  if (!choices.includes(chosen)) {
    throw new Error(`${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(chosen)}.`);
  }
  return chosen;
}

/** The `gradient` option of either model's dynamics, checked: `custom` when absent. */
export function resolveDynamicsGradient(gradient: DynamicsGradient | undefined): DynamicsGradient {
  return resolveChoice(gradient, 'custom', DYNAMICS_GRADIENTS, 'gradient');
}

/** The `checkpointing` option of either model's dynamics, checked: `auto` when absent. */
export function resolveFieldCheckpointing(checkpointing: FieldCheckpointing | undefined): FieldCheckpointing {
  return resolveChoice(checkpointing, 'auto', FIELD_CHECKPOINTINGS, 'checkpointing');
}

/** The custom gradient's checkpointing, or null for the autodiff path. */
function resolveFastPath(options: DynamicsOptions): FieldCheckpointing | null {
  const gradient = resolveDynamicsGradient(options.gradient);
  const checkpointing = resolveFieldCheckpointing(options.checkpointing);
  return gradient === 'custom' ? checkpointing : null;
}

/** The custom-gradient field's parameters and checkpointing, and (for state records) the column selectors. */
interface FastField {
  parameters: FieldParameters;
  checkpointing: FieldCheckpointing;
  columns: PackedColumns;
}

/**
 * Builds a field from prepared weights (preparing them here unless given) and, for the custom gradient, the fast
 * field's parameters. dispose() frees what was made here.
 */
function withPreparation<State>(
  source: PotentialSource,
  options: { alphaL: number; checkpointing: FieldCheckpointing | null },
  field: (prepared: PreparedPotential, fast: FastField | null) => (t: number, state: State) => State,
): Dynamics<State> {
  const given = isPreparedPotential(source);
  const prepared = isPreparedPotential(source) ? source : new PreparedPotential(source);
  const fast =
    options.checkpointing === null
      ? null
      : {
          parameters: new FieldParameters(prepared, options.alphaL),
          checkpointing: options.checkpointing,
          columns: new PackedColumns(prepared.config.d),
        };
  return Object.assign(field(prepared, fast), {
    prepared,
    dispose: () => {
      fast?.columns.dispose();
      fast?.parameters.dispose();
      if (!given) prepared.dispose();
    },
  });
}

/** numerics §4's right-hand side from plain tfjs ops (the `autodiff` path), as separate columns. */
function plainDerivative(prepared: PreparedPotential, x: tf.Tensor2D, t: number, alphaL: number): AugmentedState {
  const d = prepared.config.d;
  const { gradient, trace } = derivativesAtTime(prepared, x, t, true);
  const [spaceGradient, timeDerivative] = tf.split(gradient, [d, 1], 1) as [tf.Tensor2D, tf.Tensor2D];
  const gradientNormSquared = tf.sum(tf.square(spaceGradient), 1, true);
  return {
    x: tf.mul(spaceGradient, -1 / alphaL),
    logDet: tf.mul(trace as tf.Tensor2D, -1 / alphaL),
    // ½‖x′‖² = ‖∇_xΦ‖² / (2α_L²).
    transport: tf.mul(gradientNormSquared, 1 / (2 * alphaL * alphaL)),
    hjb: tf.abs(tf.sub(timeDerivative, tf.mul(gradientNormSquared, 1 / (2 * alphaL)))),
  } as AugmentedState;
}

function packState(state: AugmentedState): tf.Tensor2D {
  return tf.concat([state.x, state.logDet, state.transport, state.hjb], 1) as tf.Tensor2D;
}

/** Splits a packed state [x | ℓ | L | R] (n × (d+3)) into its columns. */
export function unpackAugmentedState(packed: tf.Tensor2D): AugmentedState {
  const d = packed.shape[1] - 3;
  const [x, logDet, transport, hjb] = tf.split(packed, [d, 1, 1, 1], 1) as tf.Tensor2D[];
  return { x, logDet, transport, hjb };
}

/**
 * numerics §4's right-hand side for the state {x, logDet, transport, hjb}, with g = ∇_sΦ(x, t) and H = tr ∇²_xΦ:
 * x′ = −∇_xΦ/α_L, ℓ′ = −H/α_L, L′ = ½‖x′‖², R′ = |∂_tΦ − ‖∇_xΦ‖²/(2α_L)|.
 *
 * Given weights (a {@link Potential}), it prepares them once now: create it inside the function you differentiate,
 * within a tf.tidy, or call `dispose()` afterwards. Each call returns new tensors and frees its intermediates.
 * Inner loops should prefer {@link createPackedAugmentedDynamics}, which skips packing and splitting the state.
 */
export function createAugmentedDynamics(source: PotentialSource, options: DynamicsOptions = {}): Dynamics<AugmentedState> {
  const alphaL = resolveAlphaL(options);
  return withPreparation(source, { alphaL, checkpointing: resolveFastPath(options) }, (prepared, fast) => {
    const d = prepared.config.d;
    return (t: number, state: AugmentedState): AugmentedState => {
      checkTime(t);
      checkBatch(state.x, d, 'state.x', 'positions');
      return tf.tidy(() =>
        fast === null
          ? plainDerivative(prepared, state.x, t, alphaL)
          : fast.columns.unpack(evaluateAugmentedField(fast.parameters, fast.columns.positions(state.x), t, fast.checkpointing)),
      );
    };
  });
}

/**
 * {@link createAugmentedDynamics} on the packed state Y = [x | ℓ | L | R] (n × (d+3), one sample per row): returns
 * Y′ = [x′ | ℓ′ | L′ | R′]. This is what training integrates: with the default custom gradient each evaluation is one
 * op whose gradient is derived by hand, and the ODE solver combines one tensor per stage instead of four.
 */
export function createPackedAugmentedDynamics(source: PotentialSource, options: DynamicsOptions = {}): Dynamics<tf.Tensor2D> {
  const alphaL = resolveAlphaL(options);
  return withPreparation(source, { alphaL, checkpointing: resolveFastPath(options) }, (prepared, fast) => {
    const d = prepared.config.d;
    return (t: number, state: tf.Tensor2D): tf.Tensor2D => {
      checkTime(t);
      checkBatch(state, d + 3, 'state', 'packed [x, ℓ, L, R]');
      return tf.tidy(() => {
        if (fast !== null) return evaluateAugmentedField(fast.parameters, state, t, fast.checkpointing);
        const x = tf.slice(state, [0, 0], [state.shape[0], d]) as tf.Tensor2D;
        return packState(plainDerivative(prepared, x, t, alphaL));
      });
    };
  });
}

/**
 * The velocity field x′ = −∇_xΦ(x, t)/α_L alone, for moving samples without densities: it skips the trace.
 * Same preparation and ownership rules as {@link createAugmentedDynamics}.
 */
export function createVelocityField(source: PotentialSource, options: DynamicsOptions = {}): Dynamics<tf.Tensor2D> {
  const alphaL = resolveAlphaL(options);
  return withPreparation(source, { alphaL, checkpointing: null }, (prepared) => {
    const d = prepared.config.d;
    return (t: number, x: tf.Tensor2D): tf.Tensor2D => {
      checkTime(t);
      checkBatch(x, d, 'x', 'positions');
      return tf.tidy(() => {
        const { gradient } = derivativesAtTime(prepared, x, t, false);
        return tf.mul(tf.slice(gradient, [0, 0], [x.shape[0], d]), -1 / alphaL);
      });
    };
  });
}
