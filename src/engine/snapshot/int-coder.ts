/**
 * Adaptive coders for whole numbers, the workhorse of every numeric section.
 *
 * UIntCoder splits v ≥ 0 into its bit length b (0 for v = 0, else floor(log2 v) + 1) and the b-1 bits
 * below the leading one. b is coded with a 6-level bit tree under a caller-chosen context (previous gap
 * size, user activity, …); the top `modeled` mantissa bits are coded adaptively per bucket (they carry
 * the skew inside a bucket, e.g. Zipf-like item ranks); the rest go as raw bits, which is what they are.
 * Values up to 2^53 - 1 are supported, so timestamps of any era fit.
 */
import { decodeTree, encodeTree, INITIAL_SLOT } from './adaptive-bits.ts';
import { RangeDecoder, type BitIO } from './range-coder.ts';
import { SnapshotError } from './errors.ts';

const BUCKET_BITS = 6; // bit lengths 0..53 fit in 6 bits
const BUCKETS = 1 << BUCKET_BITS;
const MAX_SAFE_BITS = 53;
/** POW2[k] = 2^k: a table, because `2 ** k` with a variable k is a slow call in V8. */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

export function bitLength(v: number): number {
  if (v < 0x100000000) return 32 - Math.clz32(v);
  return 32 + bitLength(Math.floor(v / 0x100000000));
}

/** Fixed-depth bit tree: symbols 0..2^depth-1 under `contexts` independent contexts. */
export class BitTreeCoder {
  private readonly slots: Int32Array;
  constructor(
    readonly depth: number,
    readonly contexts: number,
  ) {
    this.slots = new Int32Array(contexts << depth).fill(INITIAL_SLOT);
  }

  /** Code the low `levels` (≤ depth) bits of symbol, top bit first. */
  code(io: BitIO, ctx: number, symbol: number, levels = this.depth): number {
    if (io instanceof RangeDecoder) return this.decode(io, ctx, levels);
    const base = this.base(ctx);
    return encodeTree(io, this.slots, base, base, 0, levels, symbol);
  }

  /** Decoder of code(). */
  decode(dec: RangeDecoder, ctx: number, levels = this.depth): number {
    const base = this.base(ctx);
    return decodeTree(dec, this.slots, base, base, 0, levels);
  }

  private base(ctx: number): number {
    if (ctx < 0 || ctx >= this.contexts)
      throw new RangeError(`bit tree context ${ctx} outside 0..${this.contexts - 1}`);
    return ctx << this.depth;
  }
}

/** Bucket (bit length) of a value to code, checking that it is codable. */
export function bucketOf(value: number): number {
  if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value))) {
    throw new RangeError(`cannot code ${value}: expected a whole number from 0 to 2^53 - 1`);
  }
  return bitLength(value);
}

/** Depth of a bucket tree able to code every value up to maxValue. */
export function bucketDepthFor(maxValue: number): number {
  return Math.max(1, bitLength(bucketOf(maxValue)));
}

export class UIntCoder {
  private readonly buckets: BitTreeCoder;
  private readonly mantissa: BitTreeCoder;

  constructor(
    readonly contexts: number,
    /** Mantissa bits below the leading one that are modelled (per bucket); the rest are raw. */
    private readonly modeled = 3,
    /** Contexts for the modelled mantissa bits (each × 64 buckets); 1 = shared by all contexts. */
    private readonly mantissaContexts = 1,
    /** Depth of the bucket tree: values below 2^(2^depth - 1). Smaller trees decode faster. */
    bucketDepth = BUCKET_BITS,
  ) {
    this.buckets = new BitTreeCoder(bucketDepth, contexts);
    this.mantissa = new BitTreeCoder(modeled, BUCKETS * mantissaContexts);
  }

  /** Encoder: pass the value. Decoder: pass 0 and get the value back. */
  code(io: BitIO, ctx: number, value: number, mantissaCtx = 0): number {
    if (io instanceof RangeDecoder) return this.decode(io, ctx, mantissaCtx);
    const bucket = bucketOf(value);
    if (bucket >> this.buckets.depth) throw new RangeError(`cannot code ${value}: above this coder's range`);
    const b = this.buckets.code(io, ctx, bucket);
    return this.codeInBucket(io, b, value, mantissaCtx);
  }

  /** The part below the bucket, for callers that code the bucket themselves (see bucketOf). */
  codeInBucket(io: BitIO, b: number, value: number, mantissaCtx = 0): number {
    if (io instanceof RangeDecoder) return this.decodeInBucket(io, b, mantissaCtx);
    if (b > MAX_SAFE_BITS) throw new SnapshotError(`number with ${b} bits: the snapshot is corrupt`);
    if (b <= 1) return b; // 0 → 0, 1 → 1
    const rest = b - 1; // bits below the leading one
    const top = Math.min(this.modeled, rest);
    const low = rest - top;
    // Split value - 2^(b-1) into `top` modelled bits and `low` raw bits, in doubles (b may exceed 32).
    const offset = value - POW2[rest]!;
    const lowScale = POW2[low]!;
    const hi = Math.floor(offset / lowScale);
    // The tree index includes b, so buckets with fewer than `modeled` bits never share nodes with others.
    const hiCoded = this.mantissa.code(io, mantissaCtx * BUCKETS + b, hi, top);
    let lo = 0;
    let left = low;
    const loValue = offset - hi * lowScale;
    while (left > 0) {
      const n = Math.min(left, 24);
      left -= n;
      const chunk = Math.floor(loValue / POW2[left]!) % POW2[n]!;
      lo = lo * POW2[n]! + io.direct(n, chunk);
    }
    return POW2[rest]! + hiCoded * lowScale + lo;
  }

  /** Decoder of code(): no value to split, so no floating-point divisions. */
  decode(dec: RangeDecoder, ctx: number, mantissaCtx = 0): number {
    return this.decodeInBucket(dec, this.buckets.decode(dec, ctx), mantissaCtx);
  }

  /** Decoder of codeInBucket(). */
  decodeInBucket(dec: RangeDecoder, b: number, mantissaCtx = 0): number {
    if (b > MAX_SAFE_BITS) throw new SnapshotError(`number with ${b} bits: the snapshot is corrupt`);
    if (b <= 1) return b;
    const rest = b - 1;
    const top = Math.min(this.modeled, rest);
    let low = rest - top;
    const hi = this.mantissa.decode(dec, mantissaCtx * BUCKETS + b, top);
    // Raw bits in the encoder's chunks of up to 24, top first.
    let lo = 0;
    while (low > 0) {
      const n = low < 24 ? low : 24;
      low -= n;
      lo = lo * POW2[n]! + dec.direct(n, 0);
    }
    return POW2[rest]! + hi * POW2[rest - top]! + lo;
  }
}

/** Signed ↔ unsigned so that small magnitudes of either sign get small codes: 0, -1, 1, -2, … → 0, 1, 2, 3, … */
export function zigzag(v: number): number {
  return v >= 0 ? 2 * v : -2 * v - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}
