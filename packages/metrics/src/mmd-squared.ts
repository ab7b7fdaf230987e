import * as tf from '@tensorflow/tfjs-core';
import { checkSameDimension, readPoints, type PointSet, type Points } from './point-set';

/** The two MMD² estimators of numerics §8. */
export type MmdEstimator = 'unbiased' | 'biased';

export interface MmdOptions {
  /**
   * `unbiased`: the U-statistic (within-set sums over i ≠ j). `biased`: the V-statistic (diagonals included, never
   * negative). `auto` (default) follows the reference: unbiased when max(n, m) · d ≤ 20,000, else biased (and biased
   * when a set has a single point); the result names the estimator used.
   */
  estimator?: MmdEstimator | 'auto';
  /** The kernel is k(x, y) = exp(−‖x − y‖² / bandwidth). Default 1, the kernel of numerics §8. */
  bandwidth?: number;
  /**
   * Edge of the square tiles the kernel matrices are summed in (default 2048). Memory is a few tiles of
   * blockSize² float32 values whatever the number of points.
   */
  blockSize?: number;
}

export interface MmdResult {
  /** The MMD² estimate. The unbiased form can be slightly negative when the two distributions agree. */
  value: number;
  /** Which estimator `value` is. */
  estimator: MmdEstimator;
  /** The kernel bandwidth used. */
  bandwidth: number;
  /** Points in x and in y. */
  n: number;
  m: number;
}

/** The reference switches to its biased, memory-light path above this many numbers in either set. */
const UNBIASED_MAX_ENTRIES = 20_000;
const ESTIMATORS = ['unbiased', 'biased', 'auto'] as const;

/**
 * Squared maximum mean discrepancy between two point sets with the Gaussian kernel (numerics §8):
 * unbiased Σ_{i≠j}k(x_i,x_j)/(n(n−1)) + Σ_{i≠j}k(y_i,y_j)/(m(m−1)) − 2Σk(x_i,y_j)/(nm), or the biased form with
 * the diagonals (k = 1) included and 1/n², 1/m² weights.
 *
 * The kernel sums are computed tile by tile with tfjs in float32 and accumulated in float64, so 20,000 × 20,000
 * points need only a few tiles of memory. Squared distances come from ‖x‖² + ‖y‖² − 2x·y after centring both sets
 * on their pooled mean; the diagonals are excluded exactly (the tile diagonal is masked out, and its terms are
 * k(x_i, x_i) = 1 by definition).
 */
export async function mmdSquared(x: PointSet, y: PointSet, options: MmdOptions = {}): Promise<MmdResult> {
  const requested = options.estimator ?? 'auto';
  if (!ESTIMATORS.includes(requested)) {
    throw new Error(`estimator must be one of ${ESTIMATORS.join(', ')}, got ${JSON.stringify(requested)}.`);
  }
  const bandwidth = options.bandwidth ?? 1;
  if (!(Number.isFinite(bandwidth) && bandwidth > 0)) {
    throw new Error(`bandwidth must be a positive finite number, got ${bandwidth}.`);
  }
  const blockSize = options.blockSize ?? 2048;
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new Error(`blockSize must be a positive integer, got ${blockSize}.`);
  }
  const xs = await readPoints(x, 'x');
  const ys = await readPoints(y, 'y');
  checkSameDimension(xs, ys, 'x', 'y');
  const n = xs.rows;
  const m = ys.rows;
  const estimator = resolveEstimator(requested, n, m, xs.cols);
  if (estimator === 'unbiased' && (n < 2 || m < 2)) {
    throw new Error(`The unbiased estimator needs at least 2 points in each set, got n=${n}, m=${m}; use 'biased'.`);
  }

  const [xTiles, yTiles] = tileBothSets(xs, ys, bandwidth, blockSize);
  const masks = new Map<number, tf.Tensor2D>();
  try {
    // Sums of elu(−‖a−b‖²/bandwidth) = k(a, b) − 1; the constant −1 per pair cancels from MMD² analytically.
    const offDiagonalXX = await symmetricOffDiagonalSum(xTiles, masks);
    const offDiagonalYY = await symmetricOffDiagonalSum(yTiles, masks);
    let crossXY = 0;
    for (const rows of xTiles) {
      for (const columns of yTiles) crossXY += await tileSum(rows.left, columns.right);
    }
    // With k = 1 + e: Σ_{i≠j}k/(n(n−1)) = 1 + Σe/(n(n−1)); (n + Σ_{i≠j}k)/n² = 1 + Σ_{i≠j}e/n²; Σk/(nm) = 1 + Σe/(nm).
    const value =
      estimator === 'unbiased'
        ? offDiagonalXX / (n * (n - 1)) + offDiagonalYY / (m * (m - 1)) - (2 * crossXY) / (n * m)
        : offDiagonalXX / (n * n) + offDiagonalYY / (m * m) - (2 * crossXY) / (n * m);
    return { value, estimator, bandwidth, n, m };
  } finally {
    for (const tile of [...xTiles, ...yTiles]) {
      tile.left.dispose();
      tile.right.dispose();
    }
    for (const mask of masks.values()) mask.dispose();
  }
}

function resolveEstimator(requested: MmdEstimator | 'auto', n: number, m: number, d: number): MmdEstimator {
  if (requested !== 'auto') return requested;
  return Math.max(n, m) * d <= UNBIASED_MAX_ENTRIES && Math.min(n, m) >= 2 ? 'unbiased' : 'biased';
}

/**
 * One tile of a point set in the two augmented forms whose product is −‖a − b‖²/bandwidth:
 * left rows [a, ‖a‖², 1] (rows × (d+2)) and right columns [2b, −1, −‖b‖²]/bandwidth ((d+2) × columns, stored
 * already transposed because transposed matMul is slow on wasm). The right form is padded with zero columns to a
 * multiple of {@link SUM_CHUNK}: their products are 0 and elu(0) = 0, so they add nothing to any sum.
 */
interface Tile {
  left: tf.Tensor2D;
  right: tf.Tensor2D;
}

/**
 * Tiles are summed in chunks of this many consecutive entries, the chunk sums in float64: tfjs's float32 sums
 * accumulate sequentially, and over a whole 2048-wide row their rounding error was ~5e-7 per entry (~1e-8 in chunks).
 */
const SUM_CHUNK = 32;

function tileBothSets(xs: Points, ys: Points, bandwidth: number, blockSize: number): [Tile[], Tile[]] {
  const d = xs.cols;
  // Centring on the pooled mean keeps ‖a‖² small, which limits float32 cancellation in ‖a‖² + ‖b‖² − 2a·b.
  const mean = new Float64Array(d);
  for (const set of [xs, ys]) {
    for (let k = 0; k < set.data.length; k++) mean[k % d] += set.data[k];
  }
  for (let j = 0; j < d; j++) mean[j] /= xs.rows + ys.rows;
  return [tilePoints(xs, mean, bandwidth, blockSize), tilePoints(ys, mean, bandwidth, blockSize)];
}

function tilePoints(points: Points, mean: Float64Array, bandwidth: number, blockSize: number): Tile[] {
  const { data, rows, cols: d } = points;
  const width = d + 2;
  const tiles: Tile[] = [];
  for (let start = 0; start < rows; start += blockSize) {
    const count = Math.min(blockSize, rows - start);
    const paddedCount = Math.ceil(count / SUM_CHUNK) * SUM_CHUNK;
    const left = new Float32Array(count * width);
    const right = new Float32Array(width * paddedCount);
    for (let i = 0; i < count; i++) {
      let squaredNorm = 0;
      for (let j = 0; j < d; j++) {
        const centred = data[(start + i) * d + j] - mean[j];
        squaredNorm += centred * centred;
        left[i * width + j] = centred;
        right[j * paddedCount + i] = (2 * centred) / bandwidth;
      }
      left[i * width + d] = squaredNorm;
      left[i * width + d + 1] = 1;
      right[d * paddedCount + i] = -1 / bandwidth;
      right[(d + 1) * paddedCount + i] = -squaredNorm / bandwidth;
    }
    tiles.push({ left: tf.tensor2d(left, [count, width]), right: tf.tensor2d(right, [width, paddedCount]) });
  }
  return tiles;
}

/** Σ_{i≠j} (k(a_i, a_j) − 1) over one set, from the tiles on and above the diagonal (the matrix is symmetric). */
async function symmetricOffDiagonalSum(tiles: Tile[], masks: Map<number, tf.Tensor2D>): Promise<number> {
  let total = 0;
  for (let row = 0; row < tiles.length; row++) {
    total += await tileSum(tiles[row].left, tiles[row].right, offDiagonalMask(tiles[row], masks));
    for (let column = row + 1; column < tiles.length; column++) {
      total += 2 * (await tileSum(tiles[row].left, tiles[column].right));
    }
  }
  return total;
}

/** 1 − I (rows × padded columns): zeroes a diagonal tile's own-pair terms, so exactly the i ≠ j terms remain. */
function offDiagonalMask(tile: Tile, masks: Map<number, tf.Tensor2D>): tf.Tensor2D {
  const [rows] = tile.left.shape;
  let mask = masks.get(rows);
  if (mask === undefined) {
    mask = tf.tidy(() => tf.sub(tf.scalar(1), tf.eye(rows, tile.right.shape[1])) as tf.Tensor2D);
    masks.set(rows, mask);
  }
  return mask;
}

/**
 * Σ_ij elu(left · right)_ij = Σ_ij (e^{−‖a_i − b_j‖²/bandwidth} − 1). The fused matMul + elu avoids tfjs's exp,
 * several times slower on wasm.
 */
async function tileSum(left: tf.Tensor2D, right: tf.Tensor2D, mask?: tf.Tensor2D): Promise<number> {
  const chunkSums = tf.tidy(() => {
    const shifted = tf.fused.matMul({ a: left, b: right, activation: 'elu' });
    const kept = mask === undefined ? shifted : tf.mul(shifted, mask);
    return tf.sum(tf.reshape(kept, [-1, SUM_CHUNK]), -1);
  });
  try {
    const values = await chunkSums.data();
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i];
    return total;
  } finally {
    chunkSums.dispose();
  }
}
