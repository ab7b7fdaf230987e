import * as tf from '@tensorflow/tfjs-core';
import type { AugmentedState } from './augmented-dynamics';
import { constantMatrix } from './constant-matrix';

/**
 * Moves between the augmented state's columns {x, ℓ, L, R} and the packed n × (d+3) layout with tiny matMuls by 0/1
 * selectors: wasm's concat and split along columns cost 0.5–1.5 ms at n = 4096–10000, these ~0.1 ms. The copies are
 * exact for finite values (a non-finite entry spreads to its row, which any consumer rejects anyway).
 */
export class PackedColumns {
  private readonly placePositions: tf.Tensor2D;
  private readonly takePositions: tf.Tensor2D;
  private readonly takeColumn: tf.Tensor2D[];

  constructor(readonly d: number) {
    const width = d + 3;
    this.placePositions = constantMatrix(d, width, (row, column) => (row === column ? 1 : 0));
    this.takePositions = constantMatrix(width, d, (row, column) => (row === column ? 1 : 0));
    this.takeColumn = [d, d + 1, d + 2].map((index) => constantMatrix(width, 1, (row) => (row === index ? 1 : 0)));
  }

  /** [x | 0 | 0 | 0]: the packed state the field needs (its derivative does not depend on ℓ, L, R). */
  positions(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.placePositions) as tf.Tensor2D;
  }

  /** The columns of a packed n × (d+3) tensor. */
  unpack(packed: tf.Tensor2D): AugmentedState {
    const [logDet, transport, hjb] = this.takeColumn.map((take) => tf.matMul(packed, take) as tf.Tensor2D);
    return { x: tf.matMul(packed, this.takePositions) as tf.Tensor2D, logDet, transport, hjb };
  }

  dispose(): void {
    tf.dispose([this.placePositions, this.takePositions, ...this.takeColumn]);
  }
}
