/**
 * Which held-out ratings count as "liked" when a ranking is scored, on any dataset's scale. MovieLens work
 * conventionally counts 4 stars and up on its 0.5–5 scale; another scale takes the same place along its range
 * (7/9 of the way from min to max), snapped to the nearest value the scale can hold. That gives 8 on 1–10, 4 on
 * 1–5, 1 on a 0/1 like scale, and leaves MovieLens at exactly 4, so its figures stay comparable with the
 * literature and with earlier runs.
 *
 * A threshold relative to each user's own mean was the alternative: it adapts to generous and stingy raters, but
 * it moves every MovieLens figure and makes "relevant" depend on the rest of a user's ratings, which a holdout
 * split changes; the fixed point on the scale does neither.
 */
import type { RatingScale } from '../dataset/dataset.ts';

/** The convention this follows: 4 and up on MovieLens' 0.5–5 scale. */
const MOVIELENS = { liked: 4, min: 0.5, max: 5 };
const LIKED_SHARE = (MOVIELENS.liked - MOVIELENS.min) / (MOVIELENS.max - MOVIELENS.min);

/** The default relevance threshold for a scale: ratings at or above it are relevant. */
export function likedThreshold(scale: RatingScale): number {
  const steps = Math.round((LIKED_SHARE * (scale.max - scale.min)) / scale.step);
  // toPrecision: 0.1 + 7 × 0.1 is 0.7000000000000001 in doubles, and the threshold is printed.
  return Number((scale.min + steps * scale.step).toPrecision(12));
}
