/**
 * Adaptive coder for short strings (titles, genre names, tags). A match model first predicts each UTF-8
 * byte as the one that followed the same 5 bytes last time, and one decision says whether it is right.
 * Otherwise the byte is coded bit by bit with the probability of the longest context that has enough
 * history: order 3, else order 2 (both hashed), else order 1. Strings end with a 0 byte. A context learns
 * a bit only if it or a shorter one coded it (update exclusion), so a trusted order 3 costs one table
 * access per bit instead of three.
 *
 * Measured as the titles section of ml-latest-small (262 KB of titles; xz -9e: 92 KB, bzip2 -9: 83 KB),
 * decode CPU time on the 2-core build machine, 2^20-slot tables:
 *   order 1 only                                        96.6 KB
 *   order 3 → 2 → 1 selection                           86.9 KB   ~45 ms
 *   the same with checked slots (this coder)            83.6 KB   ~45 ms   (2^18 slots: 85.2 KB, ~43 ms)
 *   order 4 → 3 → 2 → 1 selection, unchecked            91.5 KB   ~70 ms
 *   logistic mixing of orders 1, 2, 3 + a match model   82.0 KB   ~100 ms  (git history: commit 4b64163)
 * With 2^18 slots and the decoding loop inlined (decodeByte): 85.2 KB, ~33 ms; with update exclusion:
 * 84.1 KB, ~31 ms (~29.7 in a quieter moment); with the match model (this coder): 84.1 KB, ~26.6 ms.
 */
import { INITIAL_SLOT, slotP12, updatedSlot } from './adaptive-bits.ts';
import { PROB_BITS, RangeDecoder, SIGN, type BitIO } from './range-coder.ts';
import { SnapshotError } from './errors.ts';

/**
 * Hits before a context is trusted over the next shorter one. Titles with update exclusion: 4 → 84.2 KB,
 * 5 → 84.1, 6 → 84.1, 8 → 84.4, 12 → 85.1, 16 → 85.7 (without: 8 → 85.2).
 */
const MIN_COUNT = 5;
const MAX_STRING_BYTES = 1 << 16;
/** Bits 24..31 of a hashed slot: its context check. */
const CHECK = 0xff << 24;

/**
 * Table size for coding `strings` strings: about 2^10 slots per string (≈30 bytes, 2 nibble buckets of
 * 16 slots each per byte and order), capped. Small datasets then allocate kilobytes, not megabytes.
 */
export function tableBitsFor(strings: number, maxBits: number): number {
  return Math.max(10, Math.min(maxBits, 32 - Math.clz32(strings) + 10));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 → string: invalid bytes are corrupt snapshot data. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SnapshotError('a text in the snapshot is not valid UTF-8: corrupt data');
  }
}

export class TextCoder {
  /** Adaptive slots: order 1 (direct, 2^16) | order 2 (hashed) | order 3 (hashed). */
  private readonly P: Int32Array;
  private readonly order2: number;
  private readonly order3: number;
  private readonly mask: number;
  private hist = 0; // last bytes, most recent in the low byte
  private total = 0; // bytes coded so far (for the decoding budget)
  private readonly bytes = new Uint8Array(MAX_STRING_BYTES + 1);
  /** Match model: every byte coded so far (string ends included), and where each 5-byte context last led. */
  private history = new Uint8Array(1 << 12);
  private historyLength = 0;
  private readonly lastSeen: Int32Array;
  private readonly matchShift: number;
  /** P(the predicted byte is right) by run of right predictions (0..15) × "previous byte is an end". */
  private readonly matchFlags = new Int32Array(32).fill(INITIAL_SLOT);
  private run = 0;

  constructor(
    /** Each hashed order gets 2^tableBits slots (4 bytes each). */
    private readonly tableBits: number,
    /**
     * Decoding budget: at most this many bytes of text in all. Callers pass a generous multiple of their
     * section's size (no real text compresses 64:1 here), so damaged input ends in an error, not a spin.
     */
    private readonly maxTotalBytes = Infinity,
  ) {
    this.order2 = 1 << 16;
    this.order3 = this.order2 + (1 << tableBits);
    this.P = new Int32Array(this.order3 + (1 << tableBits)).fill(INITIAL_SLOT);
    this.mask = ((1 << tableBits) - 1) & ~15; // bucket starts: multiples of 16 slots
    this.lastSeen = new Int32Array(1 << tableBits).fill(-1);
    this.matchShift = 32 - tableBits;
  }

  /** Encoder: pass the string. Decoder: pass "" and get the string back. */
  code(io: BitIO, s: string): string {
    if (io instanceof RangeDecoder) return utf8Text(this.decodeUtf8(io));
    const input = encoder.encode(s);
    if (input.includes(0)) throw new RangeError(`cannot store a text containing a NUL character: ${JSON.stringify(s)}`);
    if (input.length > MAX_STRING_BYTES) throw new RangeError(`cannot store a text of over ${MAX_STRING_BYTES} bytes`);
    for (let n = 0; n <= input.length; n++) {
      const byte = n < input.length ? input[n]! : 0;
      const seen = this.lookUpMatch();
      if (seen < 0) this.codeByte(io, byte);
      else {
        const predicted = this.history[seen]!;
        const flag = this.matchFlagSlot();
        const v = this.matchFlags[flag]!;
        const right = io.bit(slotP12(v), byte === predicted ? 1 : 0);
        this.matchFlags[flag] = updatedSlot(v, right);
        if (right) {
          this.hist = (this.hist << 8) | byte;
          this.run++;
        } else {
          this.run = 0;
          this.codeByte(io, byte);
        }
      }
      this.remember(byte);
    }
    return s;
  }

  /**
   * Where the current 5-byte context was last followed by a byte (-1: never), and note that it is now
   * followed by the next one. Titles repeat words and phrases ("The ", "Star Trek: "): on ml-latest-small a
   * quarter of the text bytes are predicted right and cost one decision instead of eight (titles decode
   * ~29.7 → ~26.6 ms CPU), at about the same size (titles +0.06 KB, tags -0.3 KB; a 4-byte context: 55,000
   * → 65,000 bytes matched but titles +1.6 KB; 6 bytes: titles +0.3 KB). Matched bytes do not update the
   * order-1..3 statistics: those model what the match model misses.
   */
  private lookUpMatch(): number {
    const back = this.historyLength - 5;
    const h5 = Math.imul(this.hist, 0x2c9277b5) + (back >= 0 ? this.history[back]! : 0);
    const key = Math.imul(h5, 0x9e3779b1) >>> this.matchShift;
    const seen = this.lastSeen[key]!;
    this.lastSeen[key] = this.historyLength;
    return seen;
  }

  private matchFlagSlot(): number {
    return (this.run < 15 ? this.run : 15) * 2 + ((this.hist & 0xff) === 0 ? 1 : 0);
  }

  /** Append a coded byte to the history. */
  private remember(byte: number): void {
    if (this.historyLength === this.history.length) {
      const bigger = new Uint8Array(this.history.length * 2);
      bigger.set(this.history);
      this.history = bigger;
    }
    this.history[this.historyLength++] = byte;
  }

  /**
   * Decoder: the next string's UTF-8 bytes, unchecked, as a view that the next call overwrites. For callers
   * that turn a whole section's strings into text with one TextDecoder call (see utf8Text).
   */
  decodeUtf8(dec: RangeDecoder): Uint8Array {
    return this.bytes.subarray(0, this.decodeBytes(dec));
  }

  /**
   * Decoding fast path, bit-identical to code(): leaves the string's UTF-8 bytes in this.bytes and returns
   * their count.
   */
  private decodeBytes(dec: RangeDecoder): number {
    const out = this.bytes;
    let n = 0;
    for (;;) {
      const seen = this.lookUpMatch();
      let c = -1;
      if (seen >= 0) {
        const flag = this.matchFlagSlot();
        const v = this.matchFlags[flag]!;
        const right = dec.bit(slotP12(v), 0);
        this.matchFlags[flag] = updatedSlot(v, right);
        if (right) {
          c = this.history[seen]!;
          this.hist = (this.hist << 8) | c;
          this.run++;
        } else this.run = 0;
      }
      if (c < 0) c = this.decodeByte(dec);
      this.remember(c);
      if (c === 0) break;
      if (n >= MAX_STRING_BYTES || ++this.total > this.maxTotalBytes) {
        throw new SnapshotError('a text in the snapshot has no end: corrupt data');
      }
      out[n++] = c;
    }
    return n;
  }

  /**
   * Decoder of codeByte(), bit-identical: the range decoder's state lives in locals for the byte (see
   * RangeDecoder).
   */
  private decodeByte(dec: RangeDecoder): number {
    const P = this.P;
    const buf = dec.bytes;
    const order2 = this.order2;
    const order3 = this.order3;
    const mask = this.mask;
    let range = dec.range | 0; // int32 bit patterns: see RangeDecoder
    let code = dec.code | 0;
    let pos = dec.pos;
    const h = this.hist;
    const c1 = h & 0xff;
    const h2 = Math.imul(h & 0xffff, 0x2c9277b5) + 0x11;
    const h3 = Math.imul(h & 0xffffff, 0x6f4f2a35) + 0x22;
    let c0 = 1;
    for (let half = 0; half < 2; half++) {
      const mix = Math.imul(c0, 0x9e3779b1);
      const x2 = Math.imul(h2 ^ mix, 0x2c9277b5);
      const x3 = Math.imul(h3 ^ mix, 0x2c9277b5);
      const b2 = order2 + ((x2 >>> 8) & mask);
      const b3 = order3 + ((x3 >>> 8) & mask);
      const k2 = (x2 & 255) << 24;
      const k3 = (x3 & 255) << 24;
      let nib = 1;
      for (let j = 0; j < 4; j++) {
        // Same selection and updates as codeByte(), with its lazy loads.
        const s3 = b3 + nib;
        let v3 = P[s3]!;
        v3 = (v3 & CHECK) === k3 ? v3 & ~CHECK : INITIAL_SLOT;
        let v = v3;
        let s2 = -1;
        let v2 = 0;
        let s1 = -1;
        let v1 = 0;
        if ((v3 & 255) < MIN_COUNT) {
          s2 = b2 + nib;
          v2 = P[s2]!;
          v = v2 = (v2 & CHECK) === k2 ? v2 & ~CHECK : INITIAL_SLOT;
          if ((v2 & 255) < MIN_COUNT) v = v1 = P[(s1 = (c1 << 8) | c0)]!;
        }
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
        P[s3] = updatedSlot(v3, bit) | k3;
        if (s2 >= 0) P[s2] = updatedSlot(v2, bit) | k2;
        if (s1 >= 0) P[s1] = updatedSlot(v1, bit);
        c0 = (c0 << 1) | bit;
        nib = (nib << 1) | bit;
      }
    }
    dec.range = range >>> 0;
    dec.code = code >>> 0;
    dec.pos = pos;
    dec.checkEnd();
    const c = c0 & 0xff;
    this.hist = (h << 8) | c;
    return c;
  }

  private codeByte(io: BitIO, byte: number): number {
    const P = this.P;
    const h = this.hist;
    const c1 = h & 0xff;
    const h2 = Math.imul(h & 0xffff, 0x2c9277b5) + 0x11;
    const h3 = Math.imul(h & 0xffffff, 0x6f4f2a35) + 0x22;
    let b2 = 0;
    let b3 = 0;
    let k2 = 0;
    let k3 = 0;
    let c0 = 1; // bits of this byte so far, behind a leading 1
    let nib = 1; // bits of the current nibble so far, behind a leading 1
    for (let k = 7; k >= 0; k--) {
      if (k === 7 || k === 3) {
        // Each hashed context owns a 16-slot bucket (one cache line) per nibble: one cache miss per nibble
        // instead of one per bit.
        // A slot's top byte holds 8 other bits of its context's hash: a slot left by another context
        // reads as fresh instead of lending its statistics (a colliding slot with many hits would be
        // trusted by the selection): titles 86.9 → 83.6 KB with 2^20-slot tables.
        const mix = Math.imul(c0, 0x9e3779b1);
        const x2 = Math.imul(h2 ^ mix, 0x2c9277b5);
        const x3 = Math.imul(h3 ^ mix, 0x2c9277b5);
        b2 = this.order2 + ((x2 >>> 8) & this.mask);
        b3 = this.order3 + ((x3 >>> 8) & this.mask);
        k2 = (x2 & 255) << 24;
        k3 = (x3 & 255) << 24;
        nib = 1;
      }
      // Update exclusion: a context learns the bit only if it or a shorter one coded it. Beyond saving loads
      // and stores (a trusted order 3 needs neither order 2 nor order 1), shorter contexts then model what
      // the longer ones do not know yet: see the table at the top.
      const s3 = b3 + nib;
      let v3 = P[s3]!;
      v3 = (v3 & CHECK) === k3 ? v3 & ~CHECK : INITIAL_SLOT;
      let v = v3;
      let s2 = -1; // slots not consulted stay -1 and are not updated
      let v2 = 0;
      let s1 = -1;
      let v1 = 0;
      if ((v3 & 255) < MIN_COUNT) {
        s2 = b2 + nib;
        v2 = P[s2]!;
        v = v2 = (v2 & CHECK) === k2 ? v2 & ~CHECK : INITIAL_SLOT;
        if ((v2 & 255) < MIN_COUNT) v = v1 = P[(s1 = (c1 << 8) | c0)]!;
      }
      let p = v >>> 12;
      p = p < 1 ? 1 : p > 4095 ? 4095 : p;
      const bit = io.bit(p, (byte >>> k) & 1);
      P[s3] = updatedSlot(v3, bit) | k3;
      if (s2 >= 0) P[s2] = updatedSlot(v2, bit) | k2;
      if (s1 >= 0) P[s1] = updatedSlot(v1, bit);
      c0 = (c0 << 1) | bit;
      nib = (nib << 1) | bit;
    }
    const c = c0 & 0xff;
    this.hist = (h << 8) | c;
    return c;
  }
}
