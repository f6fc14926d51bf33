/**
 * Adaptive bit probabilities. Each slot is one int32: P(1) with 16-bit precision in bits 8..23 and a hit
 * count in bits 0..7 (one memory access per prediction and update: the decoders are memory-bound). The
 * update rate is 1/(n+1.5) until n reaches the limit, then fixed: count-based rates learn sparse contexts
 * (a rare bucket, a rare rank) in a few hits instead of the ~30 a fixed 1/32 rate needs.
 * Integer arithmetic only, so every JS engine adapts identically.
 */
import { PROB_BITS, SIGN, type RangeDecoder, type RangeEncoder } from './range-coder.ts';

/** Slowest adaptation: 1/(COUNT_LIMIT + 1.5). */
const COUNT_LIMIT = 60;
/** RATE[n] = round(4096 / (n + 1.5)): 12 bits, so (Δp · rate) stays within int32. */
const RATE = Int32Array.from({ length: 256 }, (_, n) => Math.round(4096 / (n + 1.5)));
/** Slot value for p = 1/2, count 0. */
export const INITIAL_SLOT = 32768 << 8;

/** Slot after seeing `bit`. */
function updatedSlot(v: number, bit: number): number {
  const n = v & 255;
  const p = v >>> 8;
  // |Δp| < 2^16 and RATE < 2^12: the product fits int32, and Math.imul keeps V8 in integer instructions.
  const q = p + (Math.imul((bit ? 65535 : 0) - p, RATE[n]!) >> 12);
  return (q << 8) | (n < COUNT_LIMIT ? n + 1 : n);
}

/** P(1) of a slot in 1/4096ths, clamped for the coder. */
function slotP12(v: number): number {
  const p = v >>> 12;
  return p < 1 ? 1 : p > 4095 ? 4095 : p;
}

/**
 * Encode a `levels`-deep bit tree (symbol's bits top first) whose node i lives in slots[specific + i] and
 * slots[fallback + i]: each bit is coded with the specific slot once it has seen `minCount` bits, else with the
 * fallback, and both learn it. With specific = fallback and minCount 0 it is a plain bit tree. Returns the
 * symbol's low `levels` bits.
 */
export function encodeTree(
  enc: RangeEncoder,
  slots: Int32Array,
  specific: number,
  fallback: number,
  minCount: number,
  levels: number,
  symbol: number,
): number {
  let node = 1;
  for (let k = levels - 1; k >= 0; k--) {
    const v0 = slots[specific + node]!;
    const v1 = slots[fallback + node]!;
    const bit = enc.bit(slotP12((v0 & 255) >= minCount ? v0 : v1), (symbol >>> k) & 1);
    slots[specific + node] = updatedSlot(v0, bit);
    slots[fallback + node] = updatedSlot(v1, bit);
    node = (node << 1) | bit;
  }
  return node - (1 << levels);
}

/**
 * Decoder of encodeTree: returns the symbol, 0..2^levels - 1. This is the range decoder's only bit step, written
 * out here rather than called: range and code stay in int32 locals for the whole symbol (see RangeDecoder), so
 * V8 keeps them in registers instead of loading and storing the decoder's fields for every bit.
 */
export function decodeTree(
  dec: RangeDecoder,
  slots: Int32Array,
  specific: number,
  fallback: number,
  minCount: number,
  levels: number,
): number {
  const buf = dec.bytes;
  let range = dec.range | 0;
  let code = dec.code | 0;
  let pos = dec.pos;
  let node = 1;
  for (let k = 0; k < levels; k++) {
    const v0 = slots[specific + node]!;
    const v1 = slots[fallback + node]!;
    let p = ((v0 & 255) >= minCount ? v0 : v1) >>> 12;
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
    slots[specific + node] = updatedSlot(v0, bit);
    slots[fallback + node] = updatedSlot(v1, bit);
    node = (node << 1) | bit;
  }
  dec.range = range >>> 0;
  dec.code = code >>> 0;
  dec.pos = pos;
  dec.checkEnd();
  return node - (1 << levels);
}
