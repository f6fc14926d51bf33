/**
 * Logistic domain helpers for mixing probabilities (as in the PAQ family), in integers only so that every
 * JS engine computes identical predictions: squash(x) = 4096 / (1 + e^-x/256) by table interpolation,
 * stretch = its inverse by table.
 */
const SQUASH_POINTS = [
  1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607, 3785, 3901, 3975,
  4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
];

/** x in stretch units (±2047 ≈ ±8 nats) → probability in 1/4096ths. */
export function squash(x: number): number {
  if (x > 2047) return 4095;
  if (x < -2047) return 1;
  const w = x & 127;
  const i = (x >> 7) + 16;
  return (SQUASH_POINTS[i]! * (128 - w) + SQUASH_POINTS[i + 1]! * w + 64) >> 7;
}

/** STRETCH[p] = ln(p / (1 - p)) × 256 for p in 1/4096ths: the inverse of squash. */
export const STRETCH = (() => {
  const t = new Int16Array(4096);
  let pi = 0;
  for (let x = -2047; x <= 2047; x++) {
    const v = squash(x);
    for (let j = pi; j <= v; j++) t[j] = x;
    pi = v + 1;
  }
  for (let j = pi; j < 4096; j++) t[j] = 2047;
  return t;
})();

/** SQUASH[x + 2047] = squash(x) clamped to [1, 4095] for x in [-2047, 2047]: a lookup for hot loops. */
export const SQUASH = (() => {
  const t = new Int16Array(4095);
  for (let x = -2047; x <= 2047; x++) t[x + 2047] = Math.min(4095, Math.max(1, squash(x)));
  return t;
})();
