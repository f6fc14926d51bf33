/** Seeded pseudo-random numbers: every random choice in the engine repeats exactly for the same seed. */

/** mulberry32: a 32-bit state generator, fast and good enough for shuffles and initial weights. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform generator. */
export function gaussian(uniform: () => number): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const u = 1 - uniform(); // (0, 1]: log(0) would be -Infinity
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(a: Int32Array | Uint32Array, uniform: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** 0..n-1 in a seeded random order. */
export function permutation(n: number, seed: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  shuffleInPlace(a, mulberry32(seed));
  return a;
}
