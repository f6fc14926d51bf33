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
