import * as tf from '@tensorflow/tfjs-core';

/**
 * Zero rows appended before a transpose whose row count is a multiple of 128. wasm's transpose writes the output
 * rows with a stride of (row count) floats; a stride with a large power of two maps every row onto the same cache
 * sets and runs 10–40× slower (4096 × 32: 0.8 ms, 4104 × 32: 0.05 ms). Zero rows add nothing to the sums below.
 */
const PADDING_ROWS = 8;

/**
 * Sums over the batch (the rows) of n-row tensors, as plain matMuls: Σ_rows Aᵀ·B = transpose(A)·B. wasm's matMul
 * with transposeA and its axis-0 sum are 10–40× slower than a plain matMul. The right operand of a matMul is
 * repacked by XNNPACK whenever it is a new tensor (≈0.1 µs per row and 32 columns), so the wide operands are the
 * ones transposed and the narrow or shared ones are packed.
 */
export class BatchSums {
  private readonly padded: boolean;
  private onesColumn: tf.Tensor2D | null = null;
  private onesRow: tf.Tensor2D | null = null;

  constructor(readonly rows: number) {
    this.padded = rows % 128 === 0;
  }

  /** [blocks…] stacked along rows, with the zero rows that keep its transpose fast. */
  stack(blocks: readonly tf.Tensor2D[]): tf.Tensor2D {
    const parts = this.padded ? [...blocks, tf.zeros([PADDING_ROWS, blocks[0].shape[1]]) as tf.Tensor2D] : blocks;
    return parts.length === 1 ? parts[0] : (tf.concat(parts as tf.Tensor2D[], 0) as tf.Tensor2D);
  }

  /** transpose(stack(blocks)), k × (rows·blocks + padding). */
  transposed(blocks: readonly tf.Tensor2D[]): tf.Tensor2D {
    return tf.transpose(this.stack(blocks));
  }

  /** Σ_k left_kᵀ·right_k over the rows, from transposed(left) and stack(right). */
  product(leftT: tf.Tensor2D, right: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(leftT, right);
  }

  /** Column sums of the first n-row block of a transposed stack: a vector of its column count. */
  firstBlockSums(leftT: tf.Tensor2D): tf.Tensor1D {
    const selector = new Float32Array(leftT.shape[1]);
    selector.fill(1, 0, this.rows);
    return tf.reshape(tf.matMul(leftT, tf.tensor2d(selector, [selector.length, 1])), [leftT.shape[0]]);
  }

  /** Column sums of an n-row tensor: transpose, then a matMul with a ones column. */
  columnSums(a: tf.Tensor2D): tf.Tensor1D {
    this.onesColumn ??= tf.ones([this.rows + (this.padded ? PADDING_ROWS : 0), 1]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(this.transposed([a]), this.onesColumn), [a.shape[1]]);
  }

  /** Column sums of a narrow n-row tensor (a few columns): a ones row times it, cheap to pack. */
  narrowColumnSums(a: tf.Tensor2D): tf.Tensor1D {
    this.onesRow ??= tf.ones([1, this.rows]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(this.onesRow, a), [a.shape[1]]);
  }
}
