/**
 * The adaptive models of the ratings section, shared by its encoder and decoder (ratings-section.ts).
 *
 * Each user's ratings are coded in time order. Per rating: the time gap to the previous rating, the item,
 * the value. Ratings in the same second form a group whose order is free (the Dataset keeps ratings sorted
 * by item), so a group is coded in ascending popularity rank and its later items as rank gaps: about
 * log2(k!) bits saved per group of k. Contexts (each measured on ml-latest-small, 100,836 ratings):
 * - gap bucket | previous gap bucket: people rate in bursts (15,790 gaps are 0 s, half ≤ 10 s);
 * - item rank | user activity: heavy raters reach deep into the catalogue;
 * - value | previous value and the user's running mean so far.
 */
import { bitLength, BitTreeCoder, UIntCoder } from './int-coder.ts';
import type { BitIO } from './range-coder.ts';

const GAP_CONTEXTS = 56; // previous gap bucket 0..54, 55 = first gap of a user
const ACTIVITY_CONTEXTS = 16;

export class RatingsModel {
  readonly userIdGaps = new UIntCoder(1);
  readonly counts = new UIntCoder(1, 4);
  readonly firstTimes = new UIntCoder(1);
  readonly timeGaps = new UIntCoder(GAP_CONTEXTS, 4, GAP_CONTEXTS);
  readonly ranks = new UIntCoder(ACTIVITY_CONTEXTS, 4, ACTIVITY_CONTEXTS);
  readonly groupRankGaps = new UIntCoder(ACTIVITY_CONTEXTS, 4);
  private readonly values: BitTreeCoder;
  private readonly valueDepth: number;
  private readonly paletteSize: number;
  private readonly meanBins: number;

  // per-user state
  activity = 0;
  prevGapBucket = GAP_CONTEXTS - 1;
  private prevValue = 0;
  private valueSum = 0;
  private valueCount = 0;

  private readonly itemSum: Float64Array;
  private readonly itemCount: Int32Array;

  constructor(paletteSize: number, itemCount: number) {
    this.itemSum = new Float64Array(itemCount);
    this.itemCount = new Int32Array(itemCount);
    this.paletteSize = paletteSize;
    this.valueDepth = Math.max(1, bitLength(Math.max(0, paletteSize - 1)));
    // Contexts: previous value (or "none") × running-mean bin; the mean bins only pay for small palettes.
    this.meanBins = paletteSize <= 32 ? paletteSize : 1;
    this.values = new BitTreeCoder(this.valueDepth, (paletteSize + 1) * this.meanBins * (this.meanBins + 1));
  }

  startUser(ratingCount: number): void {
    this.activity = Math.min(bitLength(ratingCount), ACTIVITY_CONTEXTS - 1);
    this.prevGapBucket = GAP_CONTEXTS - 1;
    this.prevValue = this.paletteSize; // "none yet"
    this.valueSum = 0;
    this.valueCount = 0;
  }

  codeTimeGap(io: BitIO, gap: number): number {
    const g = this.timeGaps.code(io, this.prevGapBucket, gap, this.prevGapBucket);
    this.prevGapBucket = Math.min(bitLength(g), GAP_CONTEXTS - 2);
    return g;
  }

  codeRank(io: BitIO, rank: number): number {
    return this.ranks.code(io, this.activity, rank, this.activity);
  }

  codeGroupRankGap(io: BitIO, gap: number): number {
    return this.groupRankGaps.code(io, this.activity, gap);
  }

  codeValue(io: BitIO, item: number, value: number): number {
    const bins = this.meanBins;
    const mean =
      bins === 1 || this.valueCount === 0 ? 0 : Math.min(bins - 1, Math.round(this.valueSum / this.valueCount));
    const n = this.itemCount[item]!;
    const itemMean = bins === 1 ? 0 : n === 0 ? bins : Math.min(bins - 1, Math.round(this.itemSum[item]! / n));
    const ctx = (this.prevValue * bins + mean) * (bins + 1) + itemMean;
    const v = this.values.code(io, ctx, value);
    this.itemSum[item] = this.itemSum[item]! + v;
    this.itemCount[item] = n + 1;
    this.prevValue = v;
    this.valueSum += v;
    this.valueCount++;
    return v;
  }
}
