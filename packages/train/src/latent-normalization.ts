import type { Normalization } from '@otflow/model';
import { checkPointBatch, type PointBatch } from './batch-source';

/** The reference's eps in (code − mu)/(std + eps). */
export const LATENT_EPS = 1e-6;

/**
 * The standardization of latent codes for the flow, as the reference computes it after training its autoencoder:
 * per dimension the mean mu and the standard deviation std = √|E[x²] − mu²| of the codes (over all rows here, in
 * float64; the reference averages batch means), returned as { mean: mu, std: std + eps } so that
 * (code − mean)/std is exactly its (code − mu)/(std + eps).
 */
export function latentNormalization(codes: PointBatch, eps = LATENT_EPS): Normalization {
  checkPointBatch(codes, codes.cols, 'The latent codes');
  if (!(Number.isFinite(eps) && eps >= 0)) throw new Error(`eps must be a finite number ≥ 0, got ${eps}.`);
  const { data, rows, cols } = codes;
  const sum = new Float64Array(cols);
  const sumOfSquares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j];
      sum[j] += value;
      sumOfSquares[j] += value * value;
    }
  }
  const mean = Array.from(sum, (total) => total / rows);
  const std = Array.from(sumOfSquares, (total, j) => Math.sqrt(Math.abs(total / rows - mean[j] ** 2)) + eps);
  const constant = std.findIndex((s) => !(s > 0));
  if (constant >= 0) throw new Error(`Latent dimension ${constant + 1} is constant and eps is 0: its standardization would divide by zero.`);
  return { mean, std };
}

/** Standardizes codes in place with a normalization from {@link latentNormalization}. */
export function standardizeCodes(codes: PointBatch, normalization: Normalization): PointBatch {
  const { data, cols } = codes;
  if (normalization.mean.length !== cols || normalization.std.length !== cols) {
    throw new Error(`The normalization has ${normalization.mean.length} dimensions, the codes ${cols}.`);
  }
  for (let i = 0; i < data.length; i++) data[i] = (data[i] - normalization.mean[i % cols]) / normalization.std[i % cols];
  return codes;
}
