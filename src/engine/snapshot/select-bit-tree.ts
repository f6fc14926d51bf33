/**
 * A bit tree with several context tables, most specific first: each bit is coded with the first table
 * whose slot has seen at least `minCount` bits, falling back to the next (the last is always used). All
 * tables learn every bit. Cost: a plain bit tree plus one load and store per extra table, no mixer
 * arithmetic. Used by the ratings, where it gets 264.8 KB against 265.9 KB for single contexts and
 * 260.1 KB for logistic mixing, at ~60 ms against ~54 and ~95 ms of decoding (ratings-model.ts; the
 * decoder has since got faster: decode2 takes the ratings section to ~31 ms).
 */
import { slotP12, updatedSlot, INITIAL_SLOT } from './adaptive-bits.ts';
import { PROB_BITS, RangeDecoder, SIGN, type BitIO } from './range-coder.ts';

export class SelectBitTree {
  private readonly table: Int32Array;
  private readonly offsets: Int32Array;
  private readonly slots: Int32Array;
  private readonly inputs: number;

  constructor(
    readonly depth: number,
    /** Number of contexts of each table, most specific first. */
    readonly contexts: number[],
    /** Hits a slot needs before it is trusted over the next table's. */
    private readonly minCount = 2,
  ) {
    this.inputs = contexts.length;
    this.offsets = new Int32Array(this.inputs);
    let size = 0;
    contexts.forEach((n, i) => {
      this.offsets[i] = size;
      size += n << depth;
    });
    this.table = new Int32Array(size).fill(INITIAL_SLOT);
    this.slots = new Int32Array(this.inputs);
  }

  /** ctx[i] selects the context of table i. Encoder: pass the symbol; decoder: pass 0, get the symbol. */
  code(io: BitIO, ctx: ArrayLike<number>, symbol: number): number {
    const n = this.inputs;
    if (n === 2 && io instanceof RangeDecoder) return this.decode2(io, ctx[0]!, ctx[1]!);
    const slots = this.slots;
    const t = this.table;
    for (let i = 0; i < n; i++) slots[i] = this.base(i, ctx[i]!);
    const last = n - 1;
    let node = 1;
    for (let k = this.depth - 1; k >= 0; k--) {
      let use = 0;
      while (use < last && (t[slots[use]! + node]! & 255) < this.minCount) use++;
      const bit = io.bit(slotP12(t[slots[use]! + node]!), (symbol >>> k) & 1);
      for (let i = 0; i < n; i++) {
        const at = slots[i]! + node;
        t[at] = updatedSlot(t[at]!, bit);
      }
      node = (node << 1) | bit;
    }
    return node - (1 << this.depth);
  }

  /** Start of context c's tree in table i. */
  private base(i: number, c: number): number {
    if (!(c >= 0 && c < this.contexts[i]!))
      throw new RangeError(`select bit tree: context ${c} of table ${i} out of range`);
    return this.offsets[i]! + (c << this.depth);
  }

  /**
   * Decoder of code() for two tables (all uses so far), taking the contexts as arguments: unrolled, with the
   * range decoder's state in locals (see RangeDecoder).
   */
  decode2(dec: RangeDecoder, specificCtx: number, fallbackCtx: number): number {
    if (this.inputs !== 2) throw new RangeError(`decode2 on a select bit tree of ${this.inputs} tables`);
    const t = this.table;
    const specific = this.base(0, specificCtx);
    const fallback = this.base(1, fallbackCtx);
    const minCount = this.minCount;
    const depth = this.depth;
    const buf = dec.bytes;
    let range = dec.range | 0; // int32 bit patterns: see RangeDecoder
    let code = dec.code | 0;
    let pos = dec.pos;
    let node = 1;
    for (let k = 0; k < depth; k++) {
      const v0 = t[specific + node]!;
      const v1 = t[fallback + node]!;
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
      t[specific + node] = updatedSlot(v0, bit);
      t[fallback + node] = updatedSlot(v1, bit);
      node = (node << 1) | bit;
    }
    dec.range = range >>> 0;
    dec.code = code >>> 0;
    dec.pos = pos;
    dec.checkEnd();
    return node - (1 << depth);
  }
}
