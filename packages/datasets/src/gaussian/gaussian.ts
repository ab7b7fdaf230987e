import { assertDataMatrix, type DataMatrix } from '../data-matrix';
import { assertSampleCount, toRandom, type SeedOrRandom } from '../random-source';
import { matrixFunction, symmetricEigen } from './symmetric-eigen';

/**
 * Gaussian data ρ0 = N(μ, Σ) with the closed-form facts of numerics §6 against the target N(0, I). Everything is computed
 * in float64; matrices of points are float32 in and out.
 */
export interface GaussianData {
  readonly dimension: number;
  readonly mean: readonly number[];
  readonly covariance: readonly (readonly number[])[];
  /** ½W₂²(ρ0, N(0, I)) = ½(‖μ‖² + tr Σ + d − 2 tr Σ^{1/2}): the least transport cost mean L can reach. */
  readonly halfW2Squared: number;
  /** The differential entropy ½ log det(2πeΣ) in nats: mean C minus this is the KL gap of a model. */
  readonly entropy: number;
  /** n points x = μ + Σ^{1/2} z with z ~ N(0, I). */
  sample(n: number, seed: SeedOrRandom): DataMatrix;
  /** The OT map to N(0, I), T(x) = Σ^{−1/2}(x − μ), row by row. */
  otMap(x: DataMatrix): DataMatrix;
  /** T⁻¹(z) = μ + Σ^{1/2} z: where a standard normal point should be sent back to (compare with generated samples). */
  inverseOtMap(z: DataMatrix): DataMatrix;
  /** The OT (McCann) interpolation x(t) = (1 − t)x + tT(x), t in [0, 1]. */
  otPath(x: DataMatrix, t: number): DataMatrix;
  /** log ρ0(x) per row, in nats. */
  logDensity(x: DataMatrix): Float64Array;
}

export interface GaussianOptions {
  mean: readonly number[];
  /** d × d, symmetric positive definite. */
  covariance: readonly (readonly number[])[];
}

export interface RandomGaussianOptions {
  dimension: number;
  seed: SeedOrRandom;
  /** The covariance's eigenvalues are spread geometrically over this range. Default [0.25, 4]. */
  varianceRange?: readonly [number, number];
  /** Each mean entry is meanScale·𝒩. Default 0.5. */
  meanScale?: number;
}

const SYMMETRY_TOLERANCE = 1e-9;

/** Gaussian data with a given mean and covariance. */
export function createGaussian(options: GaussianOptions): GaussianData {
  const mean = options?.mean;
  const covariance = options?.covariance;
  if (!Array.isArray(mean) || mean.length < 1) {
    throw new Error(`createGaussian: mean must be a non-empty array of numbers, got ${JSON.stringify(mean)}.`);
  }
  const d = mean.length;
  mean.forEach((m, i) => {
    if (typeof m !== 'number' || !Number.isFinite(m)) throw new Error(`createGaussian: mean[${i}] must be a finite number, got ${m}.`);
  });
  if (!Array.isArray(covariance) || covariance.length !== d) {
    throw new Error(`createGaussian: covariance must be a ${d} × ${d} array (d = mean.length = ${d}), got ${describeRows(covariance)}.`);
  }
  const sigma = new Float64Array(d * d);
  covariance.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d) {
      throw new Error(`createGaussian: covariance[${i}] must have ${d} entries (d = mean.length), got ${describeRows(row)}.`);
    }
    row.forEach((value, j) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`createGaussian: covariance[${i}][${j}] must be a finite number, got ${value}.`);
      }
      sigma[i * d + j] = value;
    });
  });
  let scale = 0;
  for (const x of sigma) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(sigma[i * d + j] - sigma[j * d + i]) > SYMMETRY_TOLERANCE * scale) {
        throw new Error(
          `createGaussian: covariance must be symmetric, but covariance[${i}][${j}] = ${sigma[i * d + j]} and ` +
            `covariance[${j}][${i}] = ${sigma[j * d + i]}.`,
        );
      }
      const average = (sigma[i * d + j] + sigma[j * d + i]) / 2;
      sigma[i * d + j] = average;
      sigma[j * d + i] = average;
    }
  }
  return new Gaussian(Float64Array.from(mean), sigma);
}

/**
 * Gaussian data for convergence studies: a mean of meanScale·𝒩 entries and an anisotropic covariance QΛQᵀ with a
 * Haar-random rotation Q (Gram–Schmidt of a normal matrix) and eigenvalues spread geometrically over varianceRange
 * (the smallest one when d = 1).
 */
export function createRandomGaussian(options: RandomGaussianOptions): GaussianData {
  const { dimension: d, seed, varianceRange = [0.25, 4], meanScale = 0.5 } = options ?? ({} as RandomGaussianOptions);
  if (!Number.isInteger(d) || d < 1) throw new Error(`createRandomGaussian: dimension must be a positive integer, got ${d}.`);
  const [low, high] = varianceRange;
  if (!(low > 0) || !(high >= low) || !Number.isFinite(high)) {
    throw new Error(`createRandomGaussian: varianceRange must be [low, high] with 0 < low ≤ high, got [${varianceRange.join(', ')}].`);
  }
  if (!Number.isFinite(meanScale)) throw new Error(`createRandomGaussian: meanScale must be a finite number, got ${meanScale}.`);
  const random = toRandom(seed, 'createRandomGaussian: seed');
  const q = random.fillNormal(new Float64Array(d * d));
  orthonormalizeColumns(q, d);
  const variances = Float64Array.from({ length: d }, (_, k) => low * (high / low) ** (d === 1 ? 0 : k / (d - 1)));
  const sigma = matrixFunction({ values: variances, vectors: q }, (lambda) => lambda);
  const mean = random.fillNormal(new Float64Array(d)).map((z) => meanScale * z);
  return new Gaussian(mean, sigma);
}

/** Modified Gram–Schmidt on the columns of a d × d row-major matrix, in place. */
function orthonormalizeColumns(m: Float64Array, d: number): void {
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += m[i * d + j] * m[i * d + k];
      for (let i = 0; i < d; i++) m[i * d + k] -= dot * m[i * d + j];
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += m[i * d + k] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < d; i++) m[i * d + k] /= norm;
  }
}

class Gaussian implements GaussianData {
  readonly dimension: number;
  readonly mean: readonly number[];
  readonly covariance: readonly (readonly number[])[];
  readonly halfW2Squared: number;
  readonly entropy: number;
  private readonly mu: Float64Array;
  private readonly sqrtSigma: Float64Array;
  private readonly inverseSqrtSigma: Float64Array;
  private readonly logDetSigma: number;

  constructor(mu: Float64Array, sigma: Float64Array) {
    const d = mu.length;
    const eigen = symmetricEigen(sigma, d);
    const smallest = eigen.values[0];
    const largest = eigen.values[d - 1];
    if (!(smallest > 1e-12 * largest) || !(smallest > 0)) {
      throw new Error(
        `createGaussian: covariance must be positive definite, but its smallest eigenvalue is ${roundForMessage(smallest)} ` +
          `(largest ${roundForMessage(largest)}); add a small multiple of the identity or fix the matrix.`,
      );
    }
    this.dimension = d;
    this.mu = mu;
    this.mean = Array.from(mu);
    this.covariance = Array.from({ length: d }, (_, i) => Array.from(sigma.subarray(i * d, (i + 1) * d)));
    this.sqrtSigma = matrixFunction(eigen, Math.sqrt);
    this.inverseSqrtSigma = matrixFunction(eigen, (lambda) => 1 / Math.sqrt(lambda));
    let traceSigma = 0;
    let traceSqrtSigma = 0;
    let logDet = 0;
    for (const lambda of eigen.values) {
      traceSigma += lambda;
      traceSqrtSigma += Math.sqrt(lambda);
      logDet += Math.log(lambda);
    }
    const meanNormSquared = mu.reduce((s, m) => s + m * m, 0);
    this.logDetSigma = logDet;
    // numerics §6: ½W₂² = ½(‖μ‖² + tr Σ + d − 2 tr Σ^{1/2}); entropy = ½ log det(2πeΣ).
    this.halfW2Squared = 0.5 * (meanNormSquared + traceSigma + d - 2 * traceSqrtSigma);
    this.entropy = 0.5 * (d * Math.log(2 * Math.PI * Math.E) + logDet);
  }

  sample(n: number, seed: SeedOrRandom): DataMatrix {
    assertSampleCount(n, 'GaussianData.sample(n)');
    const random = toRandom(seed, 'GaussianData.sample(n, seed)');
    const d = this.dimension;
    const z = random.fillNormal(new Float64Array(n * d));
    return toFloat32Matrix(this.affine(z, n, this.sqrtSigma, null, this.mu), n, d);
  }

  otMap(x: DataMatrix): DataMatrix {
    this.checkPoints(x, 'otMap(x)');
    return toFloat32Matrix(this.affine(x.data, x.rows, this.inverseSqrtSigma, this.mu, null), x.rows, x.cols);
  }

  inverseOtMap(z: DataMatrix): DataMatrix {
    this.checkPoints(z, 'inverseOtMap(z)');
    return toFloat32Matrix(this.affine(z.data, z.rows, this.sqrtSigma, null, this.mu), z.rows, z.cols);
  }

  otPath(x: DataMatrix, t: number): DataMatrix {
    this.checkPoints(x, 'otPath(x, t)');
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new Error(`GaussianData.otPath(x, t): t must be in [0, 1], got ${t}.`);
    const mapped = this.affine(x.data, x.rows, this.inverseSqrtSigma, this.mu, null);
    const out = new Float32Array(x.data.length);
    for (let k = 0; k < out.length; k++) out[k] = (1 - t) * x.data[k] + t * mapped[k];
    return { data: out, rows: x.rows, cols: x.cols };
  }

  logDensity(x: DataMatrix): Float64Array {
    this.checkPoints(x, 'logDensity(x)');
    const d = this.dimension;
    const values = this.affine(x.data, x.rows, this.inverseSqrtSigma, this.mu, null);
    const constant = -0.5 * (d * Math.log(2 * Math.PI) + this.logDetSigma);
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let squared = 0;
      for (let j = 0; j < d; j++) squared += values[i * d + j] ** 2;
      out[i] = constant - 0.5 * squared;
    }
    return out;
  }

  private checkPoints(x: DataMatrix, call: string): void {
    assertDataMatrix(x, `GaussianData.${call}`);
    if (x.cols !== this.dimension) {
      throw new Error(`GaussianData.${call}: points must have ${this.dimension} columns (the data dimension), got ${x.cols}.`);
    }
  }

  /** Rows y = M(x − before) + after, computed and returned in float64. */
  private affine(x: ArrayLike<number>, rows: number, m: Float64Array, before: Float64Array | null, after: Float64Array | null): Float64Array {
    const d = this.dimension;
    const values = new Float64Array(rows * d);
    const centred = new Float64Array(d);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) centred[j] = x[i * d + j] - (before ? before[j] : 0);
      for (let r = 0; r < d; r++) {
        let s = after ? after[r] : 0;
        for (let j = 0; j < d; j++) s += m[r * d + j] * centred[j];
        values[i * d + r] = s;
      }
    }
    return values;
  }
}

function toFloat32Matrix(values: Float64Array, rows: number, cols: number): DataMatrix {
  return { data: Float32Array.from(values), rows, cols };
}

function roundForMessage(x: number): number {
  return Number(x.toPrecision(6));
}

function describeRows(value: unknown): string {
  if (!Array.isArray(value)) return value === null ? 'null' : typeof value;
  return `an array of length ${value.length}`;
}
