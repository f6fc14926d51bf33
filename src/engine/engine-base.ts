/**
 * What both engines share once their models stand: the ratings-mode Engine (fitted on the device from the ratings)
 * and the model-mode ModelEngine (loaded from the models the build fitted) differ in which model ranks, labels,
 * explains and finds similar items; the list itself (filters, star agreement, knob, diversity, sorts, labels and
 * reasons), cold start, the popular items and the checks are the same code.
 */
import type { Dataset, SnapshotMode } from './dataset/dataset.ts';
import type { AlgorithmRow, Profile, Ranker } from './model-contracts.ts';
import type { ContentModel } from './models/content.ts';
import type { PopularityModel } from './models/popularity.ts';
import type { RatingRange } from './models/rating-range.ts';
import type { Algorithm, Contribution, Recommendation, RecommendOptions, RecommendSort } from './recommend-types.ts';
import { unavailableAlgorithm, type EngineState, type Recommender } from './recommender.ts';
import { contributionsToReasons, varyLeadingReasons } from './ranking/explain.ts';
import { SimilarItems } from './ranking/similar-items.ts';
import { SupportWeighted } from './models/support-weighted.ts';
import { PopularityDebiased } from './models/popularity-debiased.ts';
import { candidateMask, candidatePoolSize, DEFAULT_LIMIT, rerank, withoutPopularHead } from './ranking/rerank.ts';
import { agreeWithStars, orderShownList, profileMean, STAR_AGREEMENT } from './ranking/star-agreement.ts';
import { checkProfile } from './dataset/training-set.ts';
import type { Tuning } from './tuning/tuning.ts';
import { topK } from './numeric/top-select.ts';
import { genreJaccard } from './dataset/dataset.ts';

/** Reasons given with an item: the strongest few read as an explanation, a longer list as noise. */
export const REASONS_PER_ITEM = 3;

/**
 * @typeParam A the algorithms the engine offers: its table has a row for each, which the compiler checks.
 */
export abstract class EngineBase<A extends Algorithm> implements Recommender {
  abstract readonly mode: SnapshotMode;
  abstract readonly predictorReady: boolean;
  /** The algorithms it ranks with, "blend" (the default) first. */
  abstract readonly algorithms: readonly A[];
  /** Each algorithm's ranker and star predictor. */
  protected abstract readonly table: Readonly<Record<A, AlgorithmRow>>;
  /** Ratings per item: cold start, popular(), the popularity knob and the tie-break between equal scores. */
  abstract readonly popularity: PopularityModel;
  abstract readonly content: ContentModel;
  /** The scale the star labels live on (for the star-agreement re-rank). */
  protected abstract readonly scale: RatingRange;
  private readonly empty: Profile = { items: new Int32Array(0), values: new Float32Array(0) };
  private similarItems: SimilarItems | null = null;
  /** MMR's notion of "alike": shared genres, what a person scanning the list sees as sameness. */
  private readonly alike: (a: number, b: number) => number;

  protected constructor(
    readonly dataset: Dataset,
    /** The parameters it was fitted with (the dataset's tuning record), which recommend() keeps using. */
    readonly tuning: Tuning,
  ) {
    this.alike = genreJaccard(dataset);
  }

  abstract save(): EngineState;

  /** The blend as the default list ranks with it: with the tuned popularity penalty, if any. */
  protected shippedBlend(blend: Ranker): Ranker {
    const beta = this.tuning.rank.popularityPenalty;
    return beta > 0 ? new PopularityDebiased(blend, () => this.popularity.counts, beta) : blend;
  }

  /** An algorithm's row; throws for one this engine does not have (they arrive from the worker as plain strings). */
  row(algorithm: Algorithm): AlgorithmRow {
    if (!Object.hasOwn(this.table, algorithm)) throw unavailableAlgorithm(algorithm, this);
    return this.table[algorithm as A];
  }

  /** The liked profile items that pull `item` up most, strongest first, weights relative to the strongest. */
  explain(profile: Profile, item: number, algorithm: Algorithm = 'blend'): Contribution[] {
    checkProfile(profile, this.dataset.itemIds.length);
    this.checkItem(item);
    return this.reasons(profile, [item], this.row(algorithm).rank)[0]!;
  }

  /**
   * The reasons for each item of a list (ranking/explain.ts), from the ranker that ordered it; none from a ranker whose
   * scores do not come from the profile's items (popularity, MF's factors): another ranker's would not be why.
   */
  private reasons(profile: Profile, items: ArrayLike<number>, ranker: Ranker): Contribution[][] {
    const parts = ranker.explain?.(profile, items) ?? [];
    return Array.from(items, (_, k) => (parts[k] ? contributionsToReasons(profile, parts[k]) : []));
  }

  /** Ranking scores of every item for a profile (rated items -Infinity). */
  scores(profile: Profile, algorithm: Algorithm = 'blend'): Float32Array {
    return this.scoresBy(profile, this.row(algorithm).rank);
  }

  private scoresBy(profile: Profile, rank: Ranker): Float32Array {
    checkProfile(profile, this.dataset.itemIds.length);
    // Nothing rated yet: every collaborative score is 0, so rank by popularity instead of by item index.
    const ranker = profile.items.length === 0 ? this.popularity : rank;
    const out = new Float32Array(this.dataset.itemIds.length);
    ranker.score(profile, out);
    return out;
  }

  /**
   * Best items for the profile, never one it rated or `options.exclude`s, in the order `options.sort` asks for
   * (recommend-types.ts). Every sort draws on the same candidates: the ranker's, after filters, the popularity knob
   * and diversity; the sorts other than 'top' take SORT_POOL_FACTOR times as many of them and sort those.
   */
  recommend(profile: Profile, options: RecommendOptions = {}): Recommendation[] {
    const algorithm = options.algorithm ?? 'blend';
    const sort = options.sort ?? 'top';
    const limit = options.limit ?? DEFAULT_LIMIT;
    // How many rerank draws: the list itself, or for another sort the pool it sorts.
    // (A bad limit is passed on as it is and reported by rerank.)
    const drawn =
      sort === 'top' || !(Number.isInteger(limit) && limit >= 0) ? limit : SORT_POOL_FACTOR * Math.max(limit, 20);
    const { rank: ranker, stars } = this.row(algorithm);
    // Asked for obscure items, a ranker weighed by support is taken as it is: the few ratings are the point.
    const rank = (options.popularity ?? 0) < 0 && ranker instanceof SupportWeighted ? ranker.inner : ranker;
    const scores = this.scoresBy(profile, rank);
    // The knob's obscure end removes the hits from the candidates before anything picks among them: the star
    // re-rank below keeps only its pool, which for a profile of hits would hold little else.
    const allowed = withoutPopularHead(
      candidateMask(this.dataset, profile, options),
      this.popularity.counts,
      options.popularity ?? 0,
      drawn,
    );
    const rate = stars.rater(profile);
    // Each item's label is asked for by several steps below: predict it once.
    const labels = new Map<number, number>();
    const predicted = (item: number): number => {
      let p = labels.get(item);
      if (p === undefined) labels.set(item, (p = rate(item)));
      return p;
    };
    const rated = profile.items.length > 0;
    // The default list must not contradict its own labels: demote candidates predicted well below the
    // user's mean (with whichever stars are shown now: bias ones until a staged fit has its predictor).
    const ordered =
      algorithm === 'blend' && rated
        ? agreeWithStars(scores, allowed, predicted, profileMean(profile), this.scale, {
            ...STAR_AGREEMENT,
            weight: this.tuning.stars.weight,
            // As deep as the pool rerank reorders, so the knob and diversity find every candidate re-ranked.
            // (A bad limit falls back to the default pool here and is reported by rerank.)
            pool: Math.ceil(candidatePoolSize(drawn)) || STAR_AGREEMENT.pool,
          })
        : scores;
    let picked: Int32Array;
    if (sort === 'top') {
      picked = rerank(ordered, allowed, options, this.popularity.counts, this.alike);
      // Whatever ranked it, a list the user reads top down never puts ★4.8 far below ★4.
      if (rated)
        picked = orderShownList(picked, predicted, this.scale, { ...STAR_AGREEMENT, band: this.tuning.stars.band });
    } else {
      const pool = rerank(ordered, allowed, { ...options, limit: drawn }, this.popularity.counts, this.alike);
      picked = sortPool(pool, this.sortKey(sort, predicted)).slice(0, limit);
    }
    const because = varyLeadingReasons(this.reasons(profile, picked, rank));
    return Array.from(picked, (item, k) => ({
      item,
      score: scores[item]!,
      predicted: predicted(item),
      because: because[k]!.slice(0, REASONS_PER_ITEM),
    }));
  }

  /** What a sort other than 'top' orders by, higher first. */
  private sortKey(sort: Exclude<RecommendSort, 'top'>, predicted: (item: number) => number): (item: number) => number {
    switch (sort) {
      case 'predicted':
        return predicted;
      case 'newest':
        return (item) => this.dataset.years[item]!;
      case 'popular':
        return (item) => this.popularity.counts[item]!;
      default:
        // Sorts arrive from the worker boundary as plain strings.
        throw new RangeError(`unknown sort "${String(sort)}": expected top, predicted, newest or popular`);
    }
  }

  /** The stars of the algorithm's row for each item. */
  predict(profile: Profile, items: number[], algorithm: Algorithm = 'blend'): number[] {
    checkProfile(profile, this.dataset.itemIds.length);
    const rate = this.row(algorithm).stars.rater(profile);
    return items.map((item) => {
      this.checkItem(item);
      return rate(item);
    });
  }

  /** Most rated items (optionally within genres): onboarding and cold start. */
  popular(limit: number, options: { genres?: string[] } = {}): number[] {
    const allowed = candidateMask(this.dataset, this.empty, options);
    return Array.from(topK(this.popularity.counts, limit, allowed));
  }

  /** The items most like `item`, best first (ranking/similar-items.ts). */
  similar(item: number, limit = 10): { item: number; score: number }[] {
    this.checkItem(item);
    const scores = new Float32Array(this.dataset.itemIds.length);
    this.collaborativeSimilarity(item, scores);
    this.similarItems ??= new SimilarItems(this.dataset, this.content);
    return this.similarItems.pick(item, scores, limit);
  }

  /** How strongly every item goes with `item` in the engine's collaborative model, into `out` (0: not at all). */
  protected abstract collaborativeSimilarity(item: number, out: Float32Array): void;

  protected checkItem(item: number): void {
    if (!Number.isInteger(item) || item < 0 || item >= this.dataset.itemIds.length)
      throw new RangeError(`item index ${item} is outside 0..${this.dataset.itemIds.length - 1}`);
  }
}

/** How many more candidates than shown a sort other than 'top' sorts: enough to reach past the first page. */
const SORT_POOL_FACTOR = 5;

/** The pool sorted by `key`, higher first; equal keys keep the pool's (relevance) order. */
function sortPool(pool: Int32Array, key: (item: number) => number): Int32Array {
  const keys = new Map(Array.from(pool, (item) => [item, key(item)]));
  return Int32Array.from([...pool].sort((a, b) => keys.get(b)! - keys.get(a)!));
}
