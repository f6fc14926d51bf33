/**
 * Keep the list order and the star labels from contradicting each other. The default list is ordered by a
 * ranker (what the user is likely to watch) but labelled by a rating predictor (how much they will like it);
 * left alone, an item predicted well below what the user usually gives can sit at #2 above items predicted
 * ★4.4, which reads as "the app thinks I'll dislike its own pick".
 *
 * Within the ranker's best POOL candidates, an item loses rank score in proportion to how far its predicted
 * rating falls below the user's own mean rating:
 *   score' = (score − pool min) / (pool max − pool min) − weight · max(0, mean − predicted) / (scale max − min)
 * Items predicted at or above the mean keep their order; items outside the pool become NaN (topK skips them).
 */
import { meanOf } from './mean.ts';
import type { Profile } from './model.ts';
import type { RatingRange } from './models/rating-range.ts';
import { topK } from './rerank.ts';

export interface StarAgreementOptions {
  /** Rank-score units lost per full rating range the prediction lies below the user's mean (0 = off). */
  weight: number;
  /** Candidates taken from the ranker's top before re-ordering. */
  pool: number;
}

/**
 * Weight 7: chosen by `npm run tune:stars` (seed 1) on a per-user holdout inside the TRAINING ratings, the
 * largest weight whose NDCG@10 there stays within the tool's tolerance of weight 0 with both the predictor
 * blend's and the bias model's stars. On the evaluation holdout it about halves the top-10 share predicted below
 * the user's mean for a small NDCG@10 cost (`npm run eval` prints both for blend and blend-raw, `npm run
 * tune:stars` the whole curve). Other seeds chose a larger weight: 7 is the more cautious of the choices.
 * Pool 100: as deep as the knob and MMR reach, so a demoted item gives way to the ranker's next candidates
 * rather than to the noise further down.
 */
export const STAR_AGREEMENT: StarAgreementOptions = { weight: 7, pool: 100 };

/** Mean of the profile's ratings (NaN without ratings). */
export function profileMean(profile: Profile): number {
  return profile.values.length > 0 ? meanOf(profile.values) : NaN;
}

/**
 * Scores re-ordered so the ranker's top `options.pool` allowed items agree with their predicted stars
 * (see the file comment). A new array: pool items carry score', every other item NaN. With `mean` NaN
 * (nothing rated) or weight 0 the pool keeps the ranker's order.
 *
 * @param predict the predicted rating of an item for this user (whatever rating model the caller shows);
 *   called once per pool item.
 */
export function agreeWithStars(
  scores: Float32Array,
  allowed: Uint8Array,
  predict: (item: number) => number,
  mean: number,
  scale: RatingRange,
  options: StarAgreementOptions = STAR_AGREEMENT,
): Float32Array {
  const { weight } = options;
  if (!(weight >= 0)) throw new RangeError(`star agreement weight must be ≥ 0, got ${weight}`);
  if (!(Number.isInteger(options.pool) && options.pool > 0))
    throw new RangeError(`star agreement pool must be a whole number > 0, got ${options.pool}`);
  const span = scale.max - scale.min;
  if (!(span > 0)) throw new RangeError(`rating scale ${scale.min}..${scale.max} has no width`);
  const pool = topK(scores, options.pool, allowed);
  const out = new Float32Array(scores.length).fill(NaN);
  if (pool.length === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < pool.length; t++) {
    const s = scores[pool[t]!]!;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  // All equal: the stars alone decide among them.
  const inv = hi > lo ? 1 / (hi - lo) : 0;
  const demote = Number.isNaN(mean) || weight === 0 ? 0 : weight / span;
  for (let t = 0; t < pool.length; t++) {
    const j = pool[t]!;
    let v = (scores[j]! - lo) * inv;
    if (demote > 0) {
      const below = mean - predict(j);
      if (below > 0) v -= demote * below;
    }
    out[j] = v;
  }
  return out;
}
