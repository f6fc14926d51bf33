/**
 * Per-user holdout for ranking: each user's ratings are shuffled (seeded) and a fraction (at least one) held
 * out. A ranker sees the user's remaining ratings as a fold-in profile and ranks every item present in
 * training that the user did not rate there; held-out ratings ≥ the relevance threshold are the items it
 * should find. Relevant items absent from training stay relevant and count as misses, so rankers are not
 * rewarded for a split that happens to drop hard cases.
 */
import type { Profile, TrainingSet } from '../model-contracts.ts';
import { mulberry32, shuffleInPlace } from '../numeric/random.ts';
import { profileOfUser, splitByLabel, type RatingTriples } from '../dataset/training-set.ts';
import { ratingTotals } from '../dataset/rating-totals.ts';
import {
  coverage,
  hitRateAtK,
  intraListDiversity,
  meanPopularityRank,
  ndcgAtK,
  popularityRanks,
  precisionAtK,
  recallAtK,
} from './ranking-metrics.ts';
import { topK } from '../numeric/top-select.ts';

export interface Split {
  train: TrainingSet;
  test: RatingTriples;
}

/** Hold out round(fraction·n) of every user's ratings, at least one (users with one rating keep none). */
export function perUserHoldout(train: TrainingSet, fraction: number, seed: number): Split {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`holdout fraction must be in (0, 1), got ${fraction}`);
  const rng = mulberry32(seed);
  const held = new Uint8Array(train.items.length);
  for (let u = 0; u < train.userCount; u++) {
    const s = train.userOffsets[u]!;
    const n = train.userOffsets[u + 1]! - s;
    if (n === 0) continue;
    const order = new Int32Array(n);
    for (let t = 0; t < n; t++) order[t] = s + t;
    shuffleInPlace(order, rng);
    const h = Math.max(1, Math.round(fraction * n));
    for (let t = 0; t < h; t++) held[order[t]!] = 1;
  }
  return splitByLabel(train, held, 1);
}

export interface RankingReport {
  'precision@10': number;
  'recall@10': number;
  'ndcg@10': number;
  'hitrate@10': number;
  'coverage@10': number;
  /** Mean popularity rank of the listed items (1 = the most rated in training): higher is more novel. */
  'novelty@10': number;
  /** Intra-list diversity: 1 − the mean `alike` of a list's pairs (genre overlap in `npm run eval`); absent without it. */
  'diversity@10'?: number;
  /** Users averaged over: those with at least one relevant held-out item. */
  users: number;
}

/** Scores every item for a training user's profile (rated items may score anything: they are excluded). */
export type ScoreFunction = (profile: Profile, out: Float32Array) => void;

export interface RankingOptions {
  k?: number;
  /** Held-out ratings at or above this are relevant (default 4.0; likedThreshold gives a scale's own). */
  relevant?: number;
  /** Sees every user's top-k list, best first (e.g. to measure what the list's star labels say). */
  onList?: (user: number, profile: Profile, ranked: Int32Array) => void;
  /** How alike two items are, in [0, 1], for the diversity figure. */
  alike?: (a: number, b: number) => number;
}

/** Each user's held-out items rated at or above `threshold`; users with none are absent. */
export function relevantItemsByUser(test: RatingTriples, threshold: number): Map<number, Set<number>> {
  // Held-out values are float32: compared with the threshold's float32, a rating of 0.7 is ≥ a threshold of 0.7.
  const liked = Math.fround(threshold);
  const byUser = new Map<number, Set<number>>();
  for (let t = 0; t < test.users.length; t++) {
    if (test.values[t]! < liked) continue;
    const u = test.users[t]!;
    let set = byUser.get(u);
    if (!set) byUser.set(u, (set = new Set()));
    set.add(test.items[t]!);
  }
  return byUser;
}

/** Average top-k metrics over users with at least one relevant held-out item. */
/** Which items a training set holds (a list may only show those), and how many: the catalogue coverage counts over. */
export function trainedItems(train: TrainingSet): { inTrain: Uint8Array; catalogue: number } {
  const inTrain = new Uint8Array(train.itemCount);
  for (let q = 0; q < train.items.length; q++) inTrain[train.items[q]!] = 1;
  let catalogue = 0;
  for (let j = 0; j < train.itemCount; j++) catalogue += inTrain[j]!;
  return { inTrain, catalogue };
}

export function evaluateRanking(split: Split, score: ScoreFunction, options: RankingOptions = {}): RankingReport {
  const k = options.k ?? 10;
  const { train, test } = split;
  const relevantByUser = relevantItemsByUser(test, options.relevant ?? 4);
  const { inTrain, catalogue } = trainedItems(train);

  const ranks = popularityRanks(ratingTotals(train.items, train.values, train.itemCount).counts);
  const scores = new Float32Array(train.itemCount);
  const allowed = new Uint8Array(train.itemCount);
  const lists: Int32Array[] = [];
  let p = 0;
  let r = 0;
  let n = 0;
  let h = 0;
  let novelty = 0;
  let diversity = 0;
  const users = [...relevantByUser.keys()].sort((a, b) => a - b);
  for (const u of users) {
    const relevant = relevantByUser.get(u)!;
    const profile = profileOfUser(train, u);
    score(profile, scores);
    allowed.set(inTrain);
    for (let t = 0; t < profile.items.length; t++) allowed[profile.items[t]!] = 0;
    const ranked = topK(scores, k, allowed);
    lists.push(ranked);
    options.onList?.(u, profile, ranked);
    p += precisionAtK(ranked, relevant, k);
    r += recallAtK(ranked, relevant, k);
    n += ndcgAtK(ranked, relevant, k);
    h += hitRateAtK(ranked, relevant, k);
    novelty += meanPopularityRank(ranked, ranks);
    if (options.alike) diversity += intraListDiversity(ranked, options.alike);
  }
  const m = Math.max(1, users.length);
  return {
    'precision@10': p / m,
    'recall@10': r / m,
    'ndcg@10': n / m,
    'hitrate@10': h / m,
    'coverage@10': catalogue > 0 ? coverage(lists, catalogue) : 0,
    'novelty@10': novelty / m,
    ...(options.alike ? { 'diversity@10': diversity / m } : {}),
    users: users.length,
  };
}
