/**
 * Binary arithmetic (range) coder in the LZMA style: 32-bit range, byte-wise carry propagation, 12-bit
 * probabilities. Models take either direction (BitIO) and are written once: adaptive bits go through
 * encodeTree / decodeTree (adaptive-bits.ts, which holds the decoder's bit step), raw bits through direct(),
 * where the encoder passes the value it wants written and the decoder gets back the value it read.
 * Only integer arithmetic: a snapshot encoded by Node decodes bit-identically in any JS engine.
 */
import { SnapshotError } from './errors.ts';

/** Probabilities reaching the coder are P(bit = 1) in 1/4096ths, clamped to [1, 4095]. */
export const PROB_BITS = 12;
const TOP = 1 << 24;
/**
 * For decodeTree, which holds range and code as int32 bit patterns so that V8 compiles them to integer
 * instructions (as uint32 doubles they went through floating point): x ^ SIGN maps unsigned order onto
 * signed order, so (a ^ SIGN) < (b ^ SIGN) compares a and b as unsigned.
 */
export const SIGN = 0x80000000 | 0;

/** Either direction: models branch on `io instanceof RangeDecoder` where the two differ. */
export type BitIO = RangeEncoder | RangeDecoder;

export class RangeEncoder {
  private low = 0; // may exceed 2^32 by the carry: kept in a double, exact below 2^53
  private range = 0xffffffff;
  private cache = 0;
  private cacheSize = 1;
  private out = new Uint8Array(1 << 16);
  private length = 0;

  /** Code one bit whose probability of being 1 is p/4096; returns it. */
  bit(p: number, bit: number): number {
    const bound = (this.range >>> PROB_BITS) * p;
    if (bit) this.range = bound;
    else {
      this.low += bound;
      this.range -= bound;
    }
    while (this.range < TOP) {
      this.range = (this.range << 8) >>> 0;
      this.shiftLow();
    }
    return bit;
  }

  /** Code the low `n` bits (n ≤ 24) of `value` with probability 1/2 each; returns them. */
  direct(n: number, value: number): number {
    // Up to 16 raw bits per step: the range (≥ 2^24) divided by 2^16 still leaves 8 bits of precision.
    let left = n;
    while (left > 0) {
      const k = left < 16 ? left : 16;
      left -= k;
      this.range >>>= k;
      this.low += ((value >>> left) & ((1 << k) - 1)) * this.range;
      while (this.range < TOP) {
        this.range = (this.range << 8) >>> 0;
        this.shiftLow();
      }
    }
    return value;
  }

  private shiftLow(): void {
    if (this.low < 0xff000000 || this.low >= 0x100000000) {
      const carry = this.low >= 0x100000000 ? 1 : 0;
      let temp = this.cache;
      do {
        this.push((temp + carry) & 0xff);
        temp = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = Math.floor(this.low / TOP) & 0xff;
    }
    this.cacheSize++;
    this.low = (this.low % TOP) * 256;
  }

  private push(byte: number): void {
    if (this.length === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
    this.out[this.length++] = byte;
  }

  /** Flush and return the coded bytes; the encoder is spent afterwards. */
  finish(): Uint8Array {
    for (let i = 0; i < 5; i++) this.shiftLow();
    return this.out.slice(0, this.length);
  }
}

/**
 * The decoder's state is public so that decodeTree (adaptive-bits.ts) can copy it into int32 locals, decode a
 * whole symbol, and store it back (as uint32, what direct() expects). V8 then keeps range and code in registers
 * and integer instructions instead of loading and storing two double fields per bit. decodeTree reads past the
 * end as zero bytes and calls checkEnd() once per symbol, so a truncated section still ends in a SnapshotError.
 */
export class RangeDecoder {
  range = 0xffffffff;
  code = 0;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** Section name for error messages. */
    private readonly what: string,
  ) {
    for (let i = 0; i < 5; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
  }

  private next(): number {
    if (this.pos >= this.bytes.length) this.pastEnd();
    return this.bytes[this.pos++]!;
  }

  private pastEnd(): never {
    throw new SnapshotError(`snapshot section "${this.what}" is corrupt: the decoder read past its end`);
  }

  /**
   * After the last symbol: a decoder in step with its encoder has read exactly the bytes the encoder wrote
   * (the 5 flushed by finish() included) and holds code 0. Anything else means the section and the symbols
   * asked of it disagree, e.g. a garbled count in the header that decoding happened not to trip over.
   */
  finish(): void {
    if (this.pos !== this.bytes.length || this.code !== 0) {
      throw new SnapshotError(`snapshot section "${this.what}" is corrupt: it does not end where its data does`);
    }
  }

  /** For decodeTree: throw if it has consumed bytes beyond the section. */
  checkEnd(): void {
    if (this.pos > this.bytes.length) this.pastEnd();
  }

  /** Decoder of RangeEncoder.direct: the `value` argument is ignored, the value read is returned. */
  direct(n: number, _value: number): number {
    let value = 0;
    let left = n;
    while (left > 0) {
      const k = left < 16 ? left : 16;
      left -= k;
      this.range >>>= k;
      const chunk = Math.floor(this.code / this.range);
      if (chunk >>> k !== 0)
        throw new SnapshotError(`snapshot section "${this.what}" is corrupt: raw bits out of range`);
      this.code -= chunk * this.range;
      value = value * (1 << k) + chunk;
      while (this.range < TOP) {
        this.range = (this.range << 8) >>> 0;
        this.code = ((this.code << 8) | this.next()) >>> 0;
      }
    }
    return value;
  }
}
