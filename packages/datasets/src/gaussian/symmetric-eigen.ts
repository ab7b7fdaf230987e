/** Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix, in float64. */
export interface SymmetricEigen {
  values: Float64Array;
  /** Row-major d × d; column k is the eigenvector of values[k]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Cyclic Jacobi rotations on a symmetric d × d matrix (row-major). Accurate to a few ulps of the largest
 * eigenvalue; O(d³) per sweep and a handful of sweeps, which is fine for the d ≤ 64 used here.
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let k = 0; k < d * d; k++) scale = Math.max(scale, Math.abs(a[k]));
  const threshold = Number.EPSILON * Math.max(scale, Number.MIN_VALUE);

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) offDiagonal = Math.max(offDiagonal, Math.abs(a[p * d + q]));
    if (offDiagonal <= threshold) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) <= threshold) continue;
        // The rotation that zeroes a[p][q]: tan of its angle is the smaller root of t² + 2θt − 1 = 0.
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: d }, (_, k) => k).sort((i, j) => a[i * d + i] - a[j * d + j]);
  const values = Float64Array.from(order, (k) => a[k * d + k]);
  const vectors = new Float64Array(d * d);
  order.forEach((k, column) => {
    for (let i = 0; i < d; i++) vectors[i * d + column] = v[i * d + k];
  });
  return { values, vectors };
}

/** V f(Λ) Vᵀ: a function applied to a symmetric matrix through its eigendecomposition. */
export function matrixFunction(eigen: SymmetricEigen, f: (lambda: number) => number): Float64Array {
  const d = eigen.values.length;
  const fl = eigen.values.map(f);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += eigen.vectors[i * d + k] * fl[k] * eigen.vectors[j * d + k];
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
  return out;
}
