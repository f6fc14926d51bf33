/**
 * Do a ranker's top-10 and the star labels shown on it agree? Over the per-user holdout, for every user's
 * list: the share of items whose predicted rating lies below the user's own mean rating (and below a fixed
 * `low`, 3 stars on MovieLens), and Kendall's tau between list position and predicted stars (1: the stars
 * fall as the list goes down; 0: unrelated), with the share of pairs that are inverted.
 */
import type { Profile, Ranker, RatingPredictor } from '../model-contracts.ts';
import { ratingRangeOf } from '../models/rating-range.ts';
import { DEFAULT_LIMIT } from '../ranking/rerank.ts';
import { agreeWithStars, orderShownList, profileMean, type StarAgreementOptions } from '../ranking/star-agreement.ts';
import { evaluateRanking, type RankingReport, type Split } from './holdout.ts';
import { topK } from '../numeric/top-select.ts';

export interface AgreementReport {
  /** Mean share of a list's items predicted below the user's mean rating. */
  'below-mean@10': number;
  /** Mean share of a list's items predicted below `low`. */
  'below-low@10': number;
  /** Mean Kendall tau-a between position (earlier = better) and predicted rating. */
  'tau@10': number;
  /** Mean share of item pairs whose predicted order contradicts their list order. */
  'inverted@10': number;
  /** The same, counting only pairs where the later item is predicted at least half a star higher. */
  'inverted-half@10': number;
}

/** Agreement of one list: `predicted` in list order (best first). */
export function listAgreement(
  predicted: ArrayLike<number>,
  mean: number,
  low: number,
): { belowMean: number; belowLow: number; tau: number; inverted: number; invertedHalf: number } {
  const n = predicted.length;
  if (n === 0) return { belowMean: 0, belowLow: 0, tau: 0, inverted: 0, invertedHalf: 0 };
  let belowMean = 0;
  let belowLow = 0;
  let concordant = 0;
  let discordant = 0;
  let discordantHalf = 0;
  for (let a = 0; a < n; a++) {
    const pa = predicted[a]!;
    if (pa < mean) belowMean++;
    if (pa < low) belowLow++;
    for (let b = a + 1; b < n; b++) {
      const pb = predicted[b]!;
      if (pa > pb) concordant++;
      else if (pa < pb) discordant++;
      if (pb - pa >= 0.5) discordantHalf++;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  return {
    belowMean: belowMean / n,
    belowLow: belowLow / n,
    tau: pairs > 0 ? (concordant - discordant) / pairs : 0,
    inverted: pairs > 0 ? discordant / pairs : 0,
    invertedHalf: pairs > 0 ? discordantHalf / pairs : 0,
  };
}

export interface StarEvalOptions {
  /** Held-out ratings at or above this are relevant (default 4). */
  relevant?: number;
  /** The "clearly low" label (default 3 stars). */
  low?: number;
  /** Re-order the ranker's top candidates by the rater's stars as the app does (null: the ranker's order). */
  agreement: StarAgreementOptions | null;
  /** How alike two items are, for the diversity figure (evaluateRanking). */
  alike?: (a: number, b: number) => number;
}

/**
 * Holdout ranking metrics plus star agreement of a fitted ranker labelled by a fitted rater (both fitted on
 * `split.train`), ordered as Engine.recommend orders the default list when `options.agreement` is given: the
 * star re-rank over the pool, then the first page in its shown order.
 */
export function evaluateWithStars(
  split: Split,
  ranker: Ranker,
  rater: RatingPredictor,
  options: StarEvalOptions,
): RankingReport & AgreementReport {
  const low = options.low ?? 3;
  const scale = ratingRangeOf(split.train);
  const allowed = new Uint8Array(split.train.itemCount);
  const raw = new Float32Array(split.train.itemCount);
  // evaluateRanking hands score() and then onList() the same profile object: fold the rater in once.
  let current: { profile: Profile; predict: (item: number) => number; mean: number } | null = null;
  const labels = (profile: Profile): NonNullable<typeof current> => {
    if (current?.profile !== profile) {
      current = { profile, predict: rater.rater(profile), mean: profileMean(profile) };
    }
    return current;
  };
  let belowMean = 0;
  let belowLow = 0;
  let tau = 0;
  let inverted = 0;
  let invertedHalf = 0;
  let lists = 0;
  const report = evaluateRanking(
    split,
    (profile, out) => {
      ranker.score(profile, options.agreement ? raw : out);
      if (!options.agreement) return;
      allowed.fill(1);
      for (let t = 0; t < profile.items.length; t++) allowed[profile.items[t]!] = 0;
      const { predict, mean } = labels(profile);
      const agreed = agreeWithStars(raw, allowed, predict, mean, scale, options.agreement);
      // The app's first page as the user reads it (orderShownList); what ranks below it keeps its order.
      const shown = orderShownList(topK(agreed, DEFAULT_LIMIT, allowed), predict, scale, options.agreement);
      const top = agreed[shown[0] ?? 0]! + shown.length;
      shown.forEach((item, k) => (agreed[item] = top - k));
      out.set(agreed);
    },
    {
      relevant: options.relevant,
      alike: options.alike,
      onList: (_user, profile, ranked) => {
        const { predict, mean } = labels(profile);
        const a = listAgreement(Array.from(ranked, predict), mean, low);
        belowMean += a.belowMean;
        belowLow += a.belowLow;
        tau += a.tau;
        inverted += a.inverted;
        invertedHalf += a.invertedHalf;
        lists++;
      },
    },
  );
  const m = Math.max(1, lists);
  return {
    ...report,
    'below-mean@10': belowMean / m,
    'below-low@10': belowLow / m,
    'tau@10': tau / m,
    'inverted@10': inverted / m,
    'inverted-half@10': invertedHalf / m,
  };
}
