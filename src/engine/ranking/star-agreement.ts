/**
 * Keep the list order and the star labels from contradicting each other. The default list is ordered by a
 * ranker (what the user is likely to watch) but labelled by a rating predictor (how much they will like it);
 * left alone, an item predicted well below what the user usually gives can sit at #2 above items predicted
 * ★4.4, which reads as "the app thinks I'll dislike its own pick", and an item labelled ★4.8 can sit ten places
 * below one labelled ★4.
 *
 * Two steps. First, within the ranker's best POOL candidates, an item loses rank score in proportion to how far its
 * predicted rating falls below the user's own mean rating:
 *   score' = (score − pool min) / (pool max − pool min) − weight · max(0, mean − predicted) / (scale max − min)
 * Items predicted at or above the mean keep their order; items outside the pool become NaN (topK skips them).
 * Second, the list as shown is ordered so that no item is listed below one whose printed stars are more than a
 * BAND lower (orderShownList): a gap that wide is a contradiction a reader sees at once.
 */
import { meanOf } from '../numeric/mean.ts';
import type { Profile } from '../model-contracts.ts';
import type { RatingRange } from '../models/rating-range.ts';
import { topK } from '../numeric/top-select.ts';

export interface StarAgreementOptions {
  /** Rank-score units lost per full rating range the prediction lies below the user's mean (0 = off). */
  weight: number;
  /** Candidates taken from the ranker's top before re-ordering. */
  pool: number;
  /**
   * Widest star gap, as a fraction of the rating range, by which a shown item may sit below a lower one
   * (orderShownList; 1 or more, or absent: the shown list keeps its order).
   */
  band?: number;
}

/**
 * The defaults. A build lowers the weight for its own dataset where the trade costs clearly more than here
 * (src/engine/tuning/tune.ts), and the engine then uses the dataset's weight; the pool stays.
 * Weight 7: chosen on ml-latest-small by `npm run tune:stars` (seed 1) on a per-user holdout inside the TRAINING
 * ratings, the largest weight whose NDCG@10 there stays within the tool's tolerance of weight 0 with both the
 * predictor blend's and the bias model's stars. On the evaluation holdout it about halves the top-10 share predicted
 * below the user's mean for a small NDCG@10 cost (`npm run eval` prints both for blend-default and blend-raw, `npm
 * run tune:stars` the whole curve). Other seeds chose a larger weight: 7 is the more cautious of the choices.
 * Pool 100: as deep as the knob and MMR reach, so a demoted item gives way to the ranker's next candidates
 * rather than to the noise further down.
 * Band ⅙ of the range (¾ star on five stars, 1.5 points on ten): what reads as "much lower"; of the bands tried on
 * the evaluation holdout (¼, ½, ¾, 1 star), the narrowest whose NDCG@10 cost stays small (`npm run eval` prints
 * NDCG, below-mean and tau for blend, the list with both steps, and blend-raw, the ranker's own order).
 */
export const STAR_AGREEMENT: StarAgreementOptions = { weight: 7, pool: 100, band: 1 / 6 };

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

/** Stars as the app prints them, to one decimal: the band is about what the user reads. */
const printed = (stars: number): number => Math.round(stars * 10) / 10;

/**
 * A shown list (best first) in the order the user reads it: orderWithinBand on printed stars with the options'
 * band over the scale's range. With band 1 or more (or none) the list is returned as it is.
 */
export function orderShownList(
  list: Int32Array,
  predict: (item: number) => number,
  scale: RatingRange,
  options: StarAgreementOptions = STAR_AGREEMENT,
): Int32Array {
  const band = options.band ?? 1;
  if (!(band >= 0)) throw new RangeError(`star band must be ≥ 0, got ${band}`);
  if (band >= 1) return list;
  return orderWithinBand(list, (item) => printed(predict(item)), band * (scale.max - scale.min));
}

/**
 * The last step of the default list: the shown list re-ordered so that no item sits below one predicted more than
 * `band` (in stars) lower. At each position, among the items left, those predicted within `band` of the best one
 * left are eligible, and the first of them in the list's own order is placed. So the list keeps its order wherever
 * the stars agree within the band, and an item the stars put far ahead moves up just enough. O(n²) on a shown list.
 */
export function orderWithinBand(list: Int32Array, predict: (item: number) => number, band: number): Int32Array {
  if (!(band >= 0)) throw new RangeError(`star band must be ≥ 0, got ${band}`);
  const n = list.length;
  const stars = Float64Array.from(list, (item) => predict(item));
  const used = new Uint8Array(n);
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let best = -Infinity;
    for (let i = 0; i < n; i++) if (!used[i] && stars[i]! > best) best = stars[i]!;
    let pick = 0;
    while (used[pick] || stars[pick]! < best - band) pick++;
    used[pick] = 1;
    out[t] = list[pick]!;
  }
  return out;
}
