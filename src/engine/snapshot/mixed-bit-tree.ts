/**
 * A bit tree whose every bit is predicted by several context tables at once, mixed in the logistic domain
 * (weights per tree node, learned online). Used where two half-informative contexts beat any single
 * product context, which would be too sparse to learn: e.g. a rating value given (previous value, user's
 * mean so far) and given (user's mean, item's mean so far).
 */
import { COUNT_LIMIT, INITIAL_SLOT, RATE as RATE_TABLE } from './adaptive-bits.ts';
import { SQUASH as SQUASH_TABLE, STRETCH as STRETCH_TABLE } from './logistic.ts';
import type { BitIO } from './range-coder.ts';

// Module-local copies of hot imports (see text-coder.ts).
const RATE = RATE_TABLE;
const STRETCH = STRETCH_TABLE;
const SQUASH = SQUASH_TABLE;
/** Mixer step: Δw = stretch · error · LEARN_RATE >> LEARN_SHIFT (tuned on the ratings' values). */
const LEARN_RATE = 3;
const LEARN_SHIFT = 10;

export class MixedBitTree {
  /** All input tables in one array; input i starts at offsets[i]. */
  private readonly table: Int32Array;
  private readonly offsets: Int32Array;
  private readonly weights: Int32Array;
  private readonly inputs: number;
  private readonly st: Int32Array;
  private readonly slots: Int32Array;

  constructor(
    readonly depth: number,
    /** Number of contexts of each input table. */
    readonly contexts: number[],
  ) {
    this.inputs = contexts.length;
    this.offsets = new Int32Array(this.inputs);
    let size = 0;
    contexts.forEach((n, i) => {
      this.offsets[i] = size;
      size += n << depth;
    });
    this.table = new Int32Array(size).fill(INITIAL_SLOT);
    const w = Math.round(65536 / this.inputs);
    this.weights = new Int32Array((this.inputs + 1) << depth).map((_, i) => (i % (this.inputs + 1) === 0 ? 0 : w));
    this.st = new Int32Array(this.inputs);
    this.slots = new Int32Array(this.inputs);
  }

  /** ctx[i] selects the context of input i. Encoder: pass the symbol; decoder: pass 0, get the symbol. */
  code(io: BitIO, ctx: ArrayLike<number>, symbol: number): number {
    const n = this.inputs;
    const w = this.weights;
    const st = this.st;
    const slots = this.slots;
    for (let i = 0; i < n; i++) {
      const c = ctx[i]!;
      if (c < 0 || c >= this.contexts[i]!)
        throw new RangeError(`mixed bit tree: context ${c} of input ${i} out of range`);
      slots[i] = this.offsets[i]! + (c << this.depth);
    }
    const t = this.table;
    let node = 1;
    for (let k = this.depth - 1; k >= 0; k--) {
      const wb = node * (n + 1);
      let dot = 256 * w[wb]!;
      for (let i = 0; i < n; i++) {
        const s = STRETCH[t[slots[i]! + node]! >>> 12]!;
        st[i] = s;
        dot += w[wb + 1 + i]! * s;
      }
      let x = Math.floor(dot / 65536);
      x = x < -2047 ? -2047 : x > 2047 ? 2047 : x;
      const p = SQUASH[x + 2047]!;
      const bit = io.bit(p, (symbol >>> k) & 1);
      const err = ((bit << 12) - p) * LEARN_RATE;
      w[wb] = w[wb]! + ((256 * err) >> LEARN_SHIFT);
      const target = bit ? 65535 : 0;
      for (let i = 0; i < n; i++) {
        w[wb + 1 + i] = w[wb + 1 + i]! + ((st[i]! * err) >> LEARN_SHIFT);
        const at = slots[i]! + node;
        const v = t[at]!;
        const c = v & 255;
        const q = v >>> 8;
        t[at] = ((q + (((target - q) * RATE[c]!) >> 12)) << 8) | (c < COUNT_LIMIT ? c + 1 : c);
      }
      node = (node << 1) | bit;
    }
    return node - (1 << this.depth);
  }
}
