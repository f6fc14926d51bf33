/**
 * Symmetric positive-definite matrices (n×n, row-major Float64Array) through one Cholesky factorisation: solving
 * the small ridge systems of MF fold-in and the predictor blend, and inverting EASE's users×users matrix.
 */
import { ShapeError, expectLength } from '../model-contracts.ts';
import { dot } from './dot.ts';

/** Overwrite the lower triangle of A with its Cholesky factor L (A = LLᵀ); throws when A is not positive definite. */
export function factorInPlace(a: Float64Array, n: number): void {
  expectLength('SPD matrix', a.length, n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dot(a, rj, a, rj, j);
    if (!(d > 0)) throw new ShapeError(`matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, j)) / ljj;
    }
  }
}

/** Solve A x = b, overwriting A with its Cholesky factor (lower triangle) and b with x. */
export function solveSpdInPlace(a: Float64Array, b: Float64Array, n: number): void {
  expectLength('right-hand side', b.length, n);
  factorInPlace(a, n);
  solveFactoredInPlace(a, b, n);
}

/** Solve A x = b given A's Cholesky factor from factorInPlace (lower triangle of `l`), overwriting b with x. */
export function solveFactoredInPlace(l: Float64Array, b: Float64Array, n: number): void {
  const a = l;
  // Forward substitution L y = b, then back substitution Lᵀ x = y.
  for (let i = 0; i < n; i++) b[i] = (b[i]! - dot(a, i * n, b, 0, i)) / a[i * n + i]!;
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
}

/** In-place inverse of A. */
export function invertSpd(a: Float64Array, n: number): void {
  factorInPlace(a, n);
  // W = L⁻ᵀ (upper), row c of W being column c of L⁻¹, so that every inner loop runs along rows:
  // W[c][i] = −(Σ_{c≤k<i} L[i][k]·W[c][k]) / L[i][i].
  const w = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const rc = c * n;
    w[rc + c] = 1 / a[rc + c]!;
    for (let i = c + 1; i < n; i++) {
      const ri = i * n;
      w[rc + i] = -dot(a, ri + c, w, rc + c, i - c) / a[ri + i]!;
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹: entry (i, j) is the dot product of rows i and j of W over k ≥ max(i, j).
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const s = dot(w, ri + i, w, rj + i, n - i);
      a[ri + j] = s;
      a[rj + i] = s;
    }
  }
}
