/**
 * Adaptive bit probabilities. Each slot is one int32: P(1) with 16-bit precision in bits 8..23 and a hit
 * count in bits 0..7 (one memory access per prediction and update: the decoders are memory-bound). The
 * update rate is 1/(n+1.5) until n reaches the limit, then fixed: count-based rates learn sparse contexts
 * (a rare bucket, a rare title prefix) in a few hits instead of the ~30 a fixed 1/32 rate needs.
 * Integer arithmetic only, so every JS engine adapts identically.
 */
import type { BitIO } from './range-coder.ts';

/** Slowest adaptation: 1/(COUNT_LIMIT + 1.5). All sections, ml-latest-small: 30 → 417.5 KB, 60 → 416.9 KB, 127 → 416.9 KB. */
export const COUNT_LIMIT = 60;
/** RATE[n] = round(4096 / (n + 1.5)): 12 bits, so (Δp · rate) stays within int32. */
export const RATE = Int32Array.from({ length: 256 }, (_, n) => Math.round(4096 / (n + 1.5)));
/** Slot value for p = 1/2, count 0. */
export const INITIAL_SLOT = 32768 << 8;

/** Slot after seeing `bit`. */
export function updatedSlot(v: number, bit: number): number {
  const n = v & 255;
  const p = v >>> 8;
  const q = p + ((((bit ? 65535 : 0) - p) * RATE[n]!) >> 12);
  return (q << 8) | (n < COUNT_LIMIT ? n + 1 : n);
}

/** P(1) of a slot in 1/4096ths, clamped for the coder. */
export function slotP12(v: number): number {
  const p = v >>> 12;
  return p < 1 ? 1 : p > 4095 ? 4095 : p;
}

export class AdaptiveBits {
  readonly slots: Int32Array;

  constructor(size: number) {
    this.slots = new Int32Array(size).fill(INITIAL_SLOT);
  }

  /** Code one bit with slot i and learn from it. */
  code(io: BitIO, i: number, bit: number): number {
    const v = this.slots[i]!;
    const b = io.bit(slotP12(v), bit);
    this.slots[i] = updatedSlot(v, b);
    return b;
  }
}
