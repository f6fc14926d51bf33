/**
 * Adaptive bit probabilities. Each slot is one int32: P(1) with 16-bit precision in bits 8..23 and a hit
 * count in bits 0..7 (one memory access per prediction and update: the decoders are memory-bound). The
 * update rate is 1/(n+1.5) until n reaches the limit, then fixed: count-based rates learn sparse contexts
 * (a rare bucket, a rare title prefix) in a few hits instead of the ~30 a fixed 1/32 rate needs.
 * Integer arithmetic only, so every JS engine adapts identically.
 */
import { PROB_BITS, SIGN, type BitIO, type RangeDecoder } from './range-coder.ts';

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
  // |Δp| < 2^16 and RATE < 2^12: the product fits int32, and Math.imul keeps V8 in integer instructions.
  const q = p + (Math.imul((bit ? 65535 : 0) - p, RATE[n]!) >> 12);
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

/**
 * Decode a `levels`-deep bit tree whose node i lives in slots[base + i]: the same decisions as coding it
 * bit by bit with AdaptiveBits.code, with the range decoder's state in locals (see RangeDecoder). Returns
 * the symbol, 0..2^levels - 1.
 */
export function decodeBitTree(dec: RangeDecoder, slots: Int32Array, base: number, levels: number): number {
  const buf = dec.bytes;
  let range = dec.range | 0; // int32 bit patterns: see RangeDecoder
  let code = dec.code | 0;
  let pos = dec.pos;
  let node = 1;
  for (let k = 0; k < levels; k++) {
    const at = base + node;
    const v = slots[at]!;
    let p = v >>> 12;
    p = p < 1 ? 1 : p > 4095 ? 4095 : p;
    const bound = Math.imul(range >>> PROB_BITS, p);
    let bit: number;
    if ((code ^ SIGN) < (bound ^ SIGN)) {
      range = bound;
      bit = 1;
    } else {
      code = (code - bound) | 0;
      range = (range - bound) | 0;
      bit = 0;
    }
    while (range >>> 24 === 0) {
      range <<= 8;
      code = (code << 8) | buf[pos++]!; // past the end: undefined → 0, caught by checkEnd
    }
    slots[at] = updatedSlot(v, bit);
    node = (node << 1) | bit;
  }
  dec.range = range >>> 0;
  dec.code = code >>> 0;
  dec.pos = pos;
  dec.checkEnd();
  return node - (1 << levels);
}
