/**
 * Context-mixing coder for short strings (titles, genre names, tags): each UTF-8 byte is coded bit by bit,
 * its probability mixed in the logistic domain (PAQ-style, much reduced) from an order-1 context, hashed
 * order-2 and order-3 contexts and a match model that predicts the byte that followed the last occurrence
 * of the previous five bytes (sequels sit next to each other by id). Strings end with a 0 byte.
 *
 * Measured on the 262 KB of ml-latest-small titles (xz -9e: 92 KB, bzip2 -9: 83 KB), 2^20-slot tables:
 *   order 1 alone 102 KB · + order 2 + match 87.5 KB · + order 3 (kept) 81.8 KB · + word 82.1 KB ·
 *   + orders 4 and 6: 80.9 KB but 60% slower to decode, so not kept.
 */
import { COUNT_LIMIT, INITIAL_SLOT, RATE as RATE_TABLE } from './adaptive-bits.ts';
import { SQUASH as SQUASH_TABLE, STRETCH as STRETCH_TABLE } from './logistic.ts';
import type { BitIO } from './range-coder.ts';
import { SnapshotError } from './errors.ts';

const HASHED = 2; // orders 2 and 3
const INPUTS = 1 + 1 + HASHED + 1; // bias, order 1, hashed…, match
// Module-local copies: transpilers that emit live-binding getters for imports (tsx) would otherwise put a
// function call on every table lookup of the hot loop.
const RATE = RATE_TABLE;
const STRETCH = STRETCH_TABLE;
const SQUASH = SQUASH_TABLE;
const MATCH_MIN = 5; // bytes of context that must agree before the match model predicts
const MAX_STRING_BYTES = 1 << 16;
/** Mixer step: Δw = stretch · error · LEARN_RATE >> LEARN_SHIFT (tuned on the titles). */
const LEARN_RATE = 6;
const LEARN_SHIFT = 10;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class TextCoder {
  /** All adaptive probabilities in one table: order 1 | hashed orders | match. */
  private readonly P: Int32Array;
  private readonly hashedOffset = 1 << 16;
  private readonly matchOffset: number;
  private readonly mask: number;
  private readonly base = new Int32Array(HASHED);
  private readonly buckets = new Int32Array(HASHED);
  private readonly slots = new Int32Array(INPUTS);
  private readonly st = new Int32Array(INPUTS);
  private readonly weights: Int32Array;
  // history
  private hist = 0; // last four bytes, most recent in the low byte
  private hist2 = 0; // the four before those
  private buf: Uint8Array;
  private len = 0;
  private readonly lastSeen: Int32Array; // hash of the last MATCH_MIN bytes → position after them
  private matchPtr = 0;
  private matchLen = 0;

  constructor(
    private readonly tableBits: number,
    /**
     * Decoding budget: at most this many bytes of text in all. Callers pass a generous multiple of their
     * section's size (no real text compresses 64:1 here), so damaged input ends in an error, not a spin.
     */
    private readonly maxTotalBytes = Infinity,
  ) {
    this.matchOffset = this.hashedOffset + HASHED * (1 << tableBits);
    this.P = new Int32Array(this.matchOffset + 64).fill(INITIAL_SLOT);
    this.mask = ((1 << tableBits) - 1) & ~15; // bucket starts: multiples of 16 slots
    this.weights = new Int32Array(INPUTS * 512).fill(Math.round(65536 * 0.3));
    this.buf = new Uint8Array(1 << 16);
    this.lastSeen = new Int32Array(1 << 18);
  }

  /** Encoder: pass the string. Decoder: pass "" and get the string back. */
  code(io: BitIO, s: string): string {
    const bytes = encoder.encode(s);
    if (bytes.includes(0)) throw new RangeError(`cannot store a text containing a NUL character: ${JSON.stringify(s)}`);
    const start = this.len; // the string's bytes accumulate in the history buffer
    let ascii = true;
    for (let i = 0; ; i++) {
      const c = this.codeByte(io, i < bytes.length ? bytes[i]! : 0);
      if (c === 0) break;
      if (c >= 128) ascii = false;
      if (this.len - start >= MAX_STRING_BYTES || this.len >= this.maxTotalBytes) {
        throw new SnapshotError('a text in the snapshot has no end: corrupt data');
      }
    }
    const view = this.buf.subarray(start, this.len - 1);
    if (ascii) {
      let text = '';
      for (let k = 0; k < view.length; k++) text += String.fromCharCode(view[k]!);
      return text;
    }
    try {
      return decoder.decode(view);
    } catch {
      throw new SnapshotError('a text in the snapshot is not valid UTF-8: corrupt data');
    }
  }

  private startByte(): void {
    const h = this.hist;
    this.base[0] = Math.imul(h & 0xffff, 0x2c9277b5) + 0x11;
    this.base[1] = Math.imul(h & 0xffffff, 0x6f4f2a35) + 0x22;
    // Match model: follow the current match, or look up where the last MATCH_MIN bytes occurred before.
    if (this.matchLen === 0 && this.len >= MATCH_MIN) {
      {
        const p = this.lastSeen[this.contextHash()]!;
        if (p > 0) {
          this.matchPtr = p;
          this.matchLen = 1;
        }
      }
    }
  }

  private contextHash(): number {
    const h = Math.imul(this.hist, 0x9e3779b1) ^ Math.imul(this.hist2 & 0xff, 0x6f4f2a35);
    return (h >>> 14) & ((1 << 18) - 1);
  }

  private codeByte(io: BitIO, byte: number): number {
    this.startByte();
    const P = this.P;
    const slots = this.slots;
    const st = this.st;
    const w = this.weights;
    const base = this.base;
    const mask = this.mask;
    const c1 = this.hist & 0xff;
    const expected = this.matchLen > 0 ? this.buf[this.matchPtr]! : -1;
    const matchBase = this.matchOffset + (Math.min(this.matchLen, 31) << 1);
    const buckets = this.buckets;
    let c0 = 1;
    let nib = 1; // bits of the current nibble behind a leading 1: 1..15
    for (let k = 7; k >= 0; k--) {
      if (k === 7 || k === 3) {
        // Each hashed context owns a 16-slot (one cache line) bucket per nibble: one cache miss per
        // nibble instead of one per bit. The decoder is memory-bound, so this halves its time.
        const mix = Math.imul(c0, 0x9e3779b1);
        for (let j = 0; j < HASHED; j++) {
          buckets[j] =
            this.hashedOffset + (j << this.tableBits) + ((Math.imul(base[j]! ^ mix, 0x2c9277b5) >>> 8) & mask);
        }
        nib = 1;
      }
      slots[0] = (c1 << 8) | c0;
      for (let j = 0; j < HASHED; j++) slots[1 + j] = buckets[j]! + nib;
      let expectedBit = -1;
      let inputs = INPUTS - 2; // the match input joins only when it predicts
      if (expected >= 0 && (expected + 256) >>> (k + 1) === c0) {
        expectedBit = (expected >>> k) & 1;
        slots[inputs++] = matchBase | expectedBit;
      }
      const wBase = (c0 + (expectedBit >= 0 ? 256 : 0)) * INPUTS;
      let dot = 256 * w[wBase]!; // bias input
      for (let j = 0; j < inputs; j++) {
        const s = STRETCH[P[slots[j]!]! >>> 12]!; // 0 and 4095 are fine here: STRETCH is defined on 0..4095
        st[j] = s;
        dot += w[wBase + 1 + j]! * s;
      }
      let x = Math.floor(dot / 65536);
      x = x < -2047 ? -2047 : x > 2047 ? 2047 : x;
      const p = SQUASH[x + 2047]!;
      const bit = io.bit(p, (byte >>> k) & 1);
      const err = ((bit << 12) - p) * LEARN_RATE;
      w[wBase] = w[wBase]! + ((256 * err) >> LEARN_SHIFT);
      const target = bit ? 65535 : 0;
      for (let j = 0; j < inputs; j++) {
        w[wBase + 1 + j] = w[wBase + 1 + j]! + ((st[j]! * err) >> LEARN_SHIFT);
        const slot = slots[j]!;
        const v = P[slot]!;
        const n = v & 255;
        const q = v >>> 8;
        P[slot] = ((q + (((target - q) * RATE[n]!) >> 12)) << 8) | (n < COUNT_LIMIT ? n + 1 : n);
      }
      c0 = (c0 << 1) | bit;
      nib = (nib << 1) | bit;
    }
    const c = c0 & 0xff;
    this.endByte(c);
    return c;
  }

  private endByte(c: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    if (this.matchLen > 0) {
      if (this.buf[this.matchPtr] === c && this.matchPtr + 1 < this.len + 1) {
        this.matchPtr++;
        this.matchLen++;
      } else this.matchLen = 0;
    }
    this.buf[this.len++] = c;
    this.hist2 = (this.hist2 << 8) | (this.hist >>> 24) | 0;
    this.hist = (this.hist << 8) | c | 0;
    if (this.len >= MATCH_MIN) this.lastSeen[this.contextHash()] = this.len;
  }
}
