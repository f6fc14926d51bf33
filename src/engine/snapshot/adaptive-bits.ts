/**
 * A table of adaptive bit probabilities. Each slot keeps P(1) with 16-bit precision and a hit count; the
 * update rate is 1/(n+1.5) until n reaches the limit, then fixed. Count-based rates learn sparse contexts
 * (a rare bucket, a rare title prefix) in a few hits instead of the ~30 a fixed 1/32 rate needs.
 */
import type { BitIO } from './range-coder.ts';

const MAX_LIMIT = 255;
/** RATE[n] = round(65536 / (n + 1.5)): integer, so every JS engine adapts identically. */
export const RATE = new Int32Array(MAX_LIMIT + 1).map((_, n) => Math.round(65536 / (n + 1.5)));

export class AdaptiveBits {
  readonly p: Uint16Array;
  readonly n: Uint8Array;

  constructor(
    size: number,
    /** Count at which adaptation stops speeding up: 1/(limit+1.5) is the slowest rate. */
    private readonly limit = 30,
  ) {
    this.p = new Uint16Array(size).fill(32768);
    this.n = new Uint8Array(size);
  }

  /** P(1) of slot i in 1/4096ths, clamped for the coder. */
  p12(i: number): number {
    const p = this.p[i]! >>> 4;
    return p < 1 ? 1 : p > 4095 ? 4095 : p;
  }

  update(i: number, bit: number): void {
    const n = this.n[i]!;
    const p = this.p[i]!;
    const target = bit ? 65535 : 0;
    // The product reaches 2^32: divide in doubles (exact) rather than shift in int32.
    this.p[i] = p + Math.trunc(((target - p) * RATE[n]!) / 65536);
    if (n < this.limit) this.n[i] = n + 1;
  }

  /** Code one bit with slot i and learn from it. */
  code(io: BitIO, i: number, bit: number): number {
    const b = io.bit(this.p12(i), bit);
    this.update(i, b);
    return b;
  }
}
