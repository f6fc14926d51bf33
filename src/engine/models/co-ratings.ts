/**
 * "People who rated this also rated": for one item, how strongly every other item goes with it, from the training
 * users who rated both. Raw co-rating counts grow with popularity, so every popular item's neighbours would be the
 * same few hits; this is the asymmetric cosine of Aiolli (2013), co / (n_i^α · n_j^(1−α)) with α below ½, which asks
 * more of a popular neighbour j than of the item itself, shrunk towards 0 while few people rated both,
 * co / (co + SHRINK). Computed when asked from an item-major copy of the ratings (one pass over the item's raters'
 * rows), so it costs no fit and no saved state.
 */
import { transposeToItemMajor, type ItemMajor } from '../dataset/training-set.ts';
import { expectLength, ShapeError, type TrainingSet } from '../model-contracts.ts';

/** How far the normalisation leans on the neighbour's popularity (½: plain cosine). */
const ALPHA = 0.3;
/** Co-raters at which a pair's similarity keeps half its value. */
const SHRINK = 10;

export class CoRatings {
  private readonly byItem: ItemMajor;
  private readonly counts: Float32Array;
  private readonly co: Float32Array;

  constructor(private readonly train: TrainingSet) {
    this.byItem = transposeToItemMajor(train);
    const n = train.itemCount;
    this.counts = new Float32Array(n);
    for (let i = 0; i < n; i++) this.counts[i] = this.byItem.itemOffsets[i + 1]! - this.byItem.itemOffsets[i]!;
    this.co = new Float32Array(n);
  }

  /** Every item's similarity to `item` into `out` (0 for items nobody rated with it, and for the item itself). */
  similarities(item: number, out: Float32Array): void {
    const { itemCount, userOffsets, items } = this.train;
    if (!(Number.isInteger(item) && item >= 0 && item < itemCount))
      throw new ShapeError(`item ${item} outside 0..${itemCount - 1}`);
    expectLength('co-rating similarities', out.length, itemCount);
    const co = this.co.fill(0);
    const { itemOffsets, users } = this.byItem;
    for (let p = itemOffsets[item]!; p < itemOffsets[item + 1]!; p++) {
      const u = users[p]!;
      for (let k = userOffsets[u]!; k < userOffsets[u + 1]!; k++) co[items[k]!]!++;
    }
    co[item] = 0;
    const own = Math.pow(this.counts[item]!, ALPHA);
    for (let j = 0; j < itemCount; j++) {
      const x = co[j]!;
      out[j] = x > 0 ? (x / (own * Math.pow(this.counts[j]!, 1 - ALPHA))) * (x / (x + SHRINK)) : 0;
    }
  }
}
