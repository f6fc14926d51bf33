/** Solving the small symmetric positive-definite systems of ridge regressions (f×f, f ≲ 200) in place. */
import { ShapeError, expectLength } from '../model.ts';

/**
 * Solve A x = b for symmetric positive-definite A (n×n, row-major), overwriting A with its Cholesky factor
 * (lower triangle) and b with x. Throws when A is not positive definite.
 */
export function solveSpdInPlace(a: Float64Array, b: Float64Array, n: number): void {
  expectLength('SPD matrix', a.length, n * n);
  expectLength('right-hand side', b.length, n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) throw new ShapeError(`matrix is not positive definite (pivot ${j} is ${d})`);
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  // Forward substitution L y = b, then back substitution Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
}
