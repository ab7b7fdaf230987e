import { readPoints, type PointSet } from './point-set';

export interface InverseError {
  /** Mean over samples of ‖x − f⁻¹(f(x))‖₂ (numerics §8). */
  mean: number;
  /** The largest of those distances. */
  max: number;
  count: number;
}

/**
 * The round-trip (inverse) error: the Euclidean distance between each sample and its reconstruction after the
 * forward and the inverse flow, summarized by its mean and maximum (float64).
 */
export async function inverseError(x: PointSet, reconstructed: PointSet): Promise<InverseError> {
  const original = await readPoints(x, 'x');
  const roundTrip = await readPoints(reconstructed, 'reconstructed');
  if (original.rows !== roundTrip.rows || original.cols !== roundTrip.cols) {
    throw new Error(
      `x and reconstructed must have the same shape, got ${original.rows} × ${original.cols} and ` +
        `${roundTrip.rows} × ${roundTrip.cols}.`,
    );
  }
  const { rows, cols } = original;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < rows; i++) {
    let squared = 0;
    for (let k = i * cols; k < (i + 1) * cols; k++) squared += (original.data[k] - roundTrip.data[k]) ** 2;
    const distance = Math.sqrt(squared);
    sum += distance;
    if (distance > max) max = distance;
  }
  return { mean: sum / rows, max, count: rows };
}
