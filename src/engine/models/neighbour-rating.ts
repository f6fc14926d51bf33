/** The rating a similarity model predicts: what item-neighbourhood models (content, implicit-knn) share. */
import type { Profile } from '../model-contracts.ts';

export interface ItemSimilarity {
  /** Similarity of a to b. */
  similarity(a: number, b: number): number;
  /** The prediction for a profile with nothing to go on. */
  globalMean: number;
}

/** Average of the profile's ratings weighted by their items' similarity to `item`; their plain mean when none is. */
export function similarityWeightedRating(model: ItemSimilarity, profile: Profile, item: number): number {
  const { items, values } = profile;
  if (items.length === 0) return model.globalMean;
  let num = 0;
  let den = 0;
  let mean = 0;
  for (let t = 0; t < items.length; t++) {
    mean += values[t]!;
    const s = model.similarity(items[t]!, item);
    num += s * values[t]!;
    den += s;
  }
  return den > 0 ? num / den : mean / items.length;
}
