/**
 * Σ x[xo+k]·y[yo+k] for k < n, in four independent sums: one running sum waits on each add's latency, four keep
 * the multiplier busy. The inner loop of the Cholesky factorisation, EASE's inverse, MF's SGD and fold-in.
 */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[xo + k]! * y[yo + k]!;
    s1 += x[xo + k + 1]! * y[yo + k + 1]!;
    s2 += x[xo + k + 2]! * y[yo + k + 2]!;
    s3 += x[xo + k + 3]! * y[yo + k + 3]!;
  }
  for (; k < n; k++) s0 += x[xo + k]! * y[yo + k]!;
  return s0 + s1 + (s2 + s3);
}
