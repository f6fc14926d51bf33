/**
 * The adaptive models of the ratings section, shared by its encoder and decoder (ratings-section.ts).
 *
 * Each user's ratings are coded in time order. Per rating: the time gap to the previous rating, the item
 * (as its current popularity rank, see popularity-ranks.ts), the value. Ratings in the same second form a
 * group whose order is free (the Dataset keeps ratings sorted by item), so a group is coded in ascending
 * rank and its later items as rank gaps: about log2(k!) bits saved per group of k.
 *
 * Contexts, chosen by the section's size and decode time on ml-latest-small:
 * - gap bucket: (previous two gap buckets), falling back to (previous gap bucket) while the first has
 *   seen fewer than MIN_COUNT bits (see select-bit-tree.ts). People rate in bursts: many gaps are 0 s.
 * - rank bucket | user activity: heavy raters reach deep into the catalogue.
 * - value: (previous value, user's running mean, item's running mean), falling back to (previous value,
 *   user's running mean).
 * Logistic mixing of three contexts each for gaps, ranks and values came out a little smaller but decoded
 * much slower: not kept, as the snapshot's decode time matters more. Lower bits of ranks and gaps are close
 * to uniform: the top 4 mantissa bits are modelled, the rest are raw.
 */
import { bitLength, BitTreeCoder, bucketDepthFor, bucketOf, UIntCoder } from './int-coder.ts';
import { SelectBitTree } from './select-bit-tree.ts';
import { RangeDecoder, type BitIO } from './range-coder.ts';

const GAP_CONTEXTS = 56; // previous gap bucket 0..54, 55 = first gap of a user
const ACTIVITY_CONTEXTS = 16; // bit length of the user's rating count
const MODELED_MANTISSA_BITS = 4;
/** Hits before a specific context is trusted over its fallback. */
const MIN_COUNT = 16;

export class RatingsModel {
  readonly userIdGaps = new UIntCoder(1);
  readonly counts = new UIntCoder(1, MODELED_MANTISSA_BITS);
  readonly firstTimes = new UIntCoder(1);
  readonly groupRankGaps: UIntCoder;
  private readonly gapBuckets: SelectBitTree;
  private readonly gapMantissas = new UIntCoder(1, MODELED_MANTISSA_BITS, GAP_CONTEXTS);
  private readonly rankBuckets: BitTreeCoder;
  private readonly rankMantissas = new UIntCoder(1, MODELED_MANTISSA_BITS, ACTIVITY_CONTEXTS);
  private readonly values: SelectBitTree;
  private readonly paletteSize: number;
  /** Bins of the running means: one per palette value; a single bin for large palettes. */
  private readonly meanBins: number;
  private readonly itemSum: Float64Array;
  private readonly itemCount: Int32Array;

  // per-user state
  private activity = 0;
  private prevGap = GAP_CONTEXTS - 1;
  private prevGap2 = GAP_CONTEXTS - 1;
  private prevValue = 0;
  private valueSum = 0;
  private valueCount = 0;

  constructor(paletteSize: number, itemCount: number, gapDepth: number) {
    this.paletteSize = paletteSize;
    this.itemSum = new Float64Array(itemCount);
    this.itemCount = new Int32Array(itemCount);
    this.gapBuckets = new SelectBitTree(gapDepth, GAP_CONTEXTS * GAP_CONTEXTS, GAP_CONTEXTS, MIN_COUNT);
    const rankDepth = bucketDepthFor(Math.max(0, itemCount - 1));
    this.rankBuckets = new BitTreeCoder(rankDepth, ACTIVITY_CONTEXTS);
    this.groupRankGaps = new UIntCoder(ACTIVITY_CONTEXTS, MODELED_MANTISSA_BITS, 1, rankDepth);
    const b = (this.meanBins = paletteSize <= 32 ? paletteSize : 1);
    const valueDepth = Math.max(1, bitLength(Math.max(0, paletteSize - 1)));
    this.values = new SelectBitTree(valueDepth, (paletteSize + 1) * b * (b + 1), (paletteSize + 1) * b, MIN_COUNT);
  }

  startUser(ratingCount: number): void {
    this.activity = Math.min(bitLength(ratingCount), ACTIVITY_CONTEXTS - 1);
    this.prevGap = this.prevGap2 = GAP_CONTEXTS - 1;
    this.prevValue = this.paletteSize; // "none yet"
    this.valueSum = 0;
    this.valueCount = 0;
  }

  codeTimeGap(io: BitIO, gap: number): number {
    const specific = this.prevGap * GAP_CONTEXTS + this.prevGap2;
    let b: number;
    let g: number;
    // Decoder: straight to the decoding calls, no value to split (this is the hot loop of the snapshot decode).
    if (io instanceof RangeDecoder) {
      b = this.gapBuckets.decode(io, specific, this.prevGap);
      g = this.gapMantissas.decodeInBucket(io, b, this.prevGap);
    } else {
      b = this.gapBuckets.encode(io, specific, this.prevGap, bucketOf(gap));
      g = this.gapMantissas.codeInBucket(io, b, gap, this.prevGap);
    }
    this.prevGap2 = this.prevGap;
    this.prevGap = Math.min(b, GAP_CONTEXTS - 2);
    return g;
  }

  codeRank(io: BitIO, rank: number): number {
    if (io instanceof RangeDecoder) {
      return this.rankMantissas.decodeInBucket(io, this.rankBuckets.decode(io, this.activity), this.activity);
    }
    const b = this.rankBuckets.code(io, this.activity, bucketOf(rank));
    return this.rankMantissas.codeInBucket(io, b, rank, this.activity);
  }

  codeGroupRankGap(io: BitIO, gap: number): number {
    if (io instanceof RangeDecoder) return this.groupRankGaps.decode(io, this.activity);
    return this.groupRankGaps.code(io, this.activity, gap);
  }

  /** Value as a palette index; `item` feeds the item's running mean (known to both sides). */
  codeValue(io: BitIO, item: number, value: number): number {
    const bins = this.meanBins;
    const n = this.itemCount[item]!;
    const userMean =
      bins === 1 || this.valueCount === 0 ? 0 : Math.min(bins - 1, Math.round(this.valueSum / this.valueCount));
    const itemMean = bins === 1 ? 0 : n === 0 ? bins : Math.min(bins - 1, Math.round(this.itemSum[item]! / n));
    const fallback = this.prevValue * bins + userMean;
    const specific = fallback * (bins + 1) + itemMean;
    const v =
      io instanceof RangeDecoder
        ? this.values.decode(io, specific, fallback)
        : this.values.encode(io, specific, fallback, value);
    this.itemSum[item] = this.itemSum[item]! + v;
    this.itemCount[item] = n + 1;
    this.prevValue = v;
    this.valueSum += v;
    this.valueCount++;
    return v;
  }
}
