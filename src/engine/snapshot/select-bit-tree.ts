/**
 * A bit tree with two context tables, a specific one and a fallback: each bit is coded with the specific
 * table's slot once it has seen at least `minCount` bits, else with the fallback's, and both learn every bit.
 * Cost: a plain bit tree plus one load and store per bit, no mixer arithmetic. Used by the ratings, where it
 * comes close to logistic mixing in size at a fraction of its decoding time (see ratings-model.ts).
 */
import { decodeTree, encodeTree, INITIAL_SLOT } from './adaptive-bits.ts';
import type { RangeDecoder, RangeEncoder } from './range-coder.ts';

export class SelectBitTree {
  private readonly table: Int32Array;

  constructor(
    readonly depth: number,
    private readonly specificContexts: number,
    private readonly fallbackContexts: number,
    /** Hits a specific slot needs before it is trusted over the fallback's. */
    private readonly minCount: number,
  ) {
    this.table = new Int32Array((specificContexts + fallbackContexts) << depth).fill(INITIAL_SLOT);
  }

  encode(enc: RangeEncoder, specificCtx: number, fallbackCtx: number, symbol: number): number {
    const specific = this.specificBase(specificCtx);
    return encodeTree(enc, this.table, specific, this.fallbackBase(fallbackCtx), this.minCount, this.depth, symbol);
  }

  decode(dec: RangeDecoder, specificCtx: number, fallbackCtx: number): number {
    const specific = this.specificBase(specificCtx);
    return decodeTree(dec, this.table, specific, this.fallbackBase(fallbackCtx), this.minCount, this.depth);
  }

  private specificBase(ctx: number): number {
    if (!(ctx >= 0 && ctx < this.specificContexts)) throw new RangeError(`specific context ${ctx} out of range`);
    return ctx << this.depth;
  }

  private fallbackBase(ctx: number): number {
    if (!(ctx >= 0 && ctx < this.fallbackContexts)) throw new RangeError(`fallback context ${ctx} out of range`);
    return (this.specificContexts + ctx) << this.depth;
  }
}
