import type { RatingSummary } from './dataset.ts';
import { expectLength } from '../model-contracts.ts';

/** How many ratings each item has and their sum, in one pass over the ratings (item indices in 0..itemCount-1). */
export function ratingTotals(
  items: ArrayLike<number>,
  values: ArrayLike<number>,
  itemCount: number,
): { counts: Uint32Array; sums: Float64Array } {
  expectLength('rating values', values.length, items.length);
  const counts = new Uint32Array(itemCount);
  const sums = new Float64Array(itemCount);
  for (let k = 0; k < items.length; k++) {
    const j = items[k]!;
    counts[j]!++;
    sums[j]! += values[k]!;
  }
  return { counts, sums };
}

/** Each item's rating count and mean rating (0 for an unrated item): what a model-mode snapshot ships. */
export function ratingSummaryOf(items: ArrayLike<number>, values: ArrayLike<number>, itemCount: number): RatingSummary {
  const { counts, sums } = ratingTotals(items, values, itemCount);
  return { counts, means: Float32Array.from(sums, (s, j) => (counts[j]! > 0 ? s / counts[j]! : 0)) };
}
