/**
 * Popularity: rank by how many people rated an item, predict its damped mean rating. The cold-start fallback
 * and the floor every personalised ranker has to beat (`npm run eval` prints its NDCG next to theirs).
 */
import { ratingTotals } from '../dataset/rating-totals.ts';
import { meanOf } from '../numeric/mean.ts';
import {
  expectLength,
  type FitContext,
  type FoldedUser,
  type Model,
  type ModelState,
  type Profile,
  type TrainingSet,
} from '../model-contracts.ts';

/**
 * Pseudo-ratings at the global mean added to every item's mean: one enthusiast's 5 stars predict little above the
 * global mean, while an item with hundreds of ratings keeps its own mean.
 */
export const POPULARITY_DAMPING = 10;

export class PopularityModel implements Model {
  readonly name = 'popularity';
  itemCount = 0;
  globalMean = 0;
  /** Ratings per item. */
  counts: Float32Array = new Float32Array(0);
  /** Damped mean rating per item. */
  means: Float32Array = new Float32Array(0);

  fit(train: TrainingSet, _context: FitContext): void {
    const { counts, sums } = ratingTotals(train.items, train.values, train.itemCount);
    this.useTotals(counts, sums, meanOf(train.values));
  }

  /** The model of per-item rating counts and sums (model mode has these without the ratings). */
  useTotals(counts: ArrayLike<number>, sums: ArrayLike<number>, globalMean: number): void {
    expectLength('popularity sums', sums.length, counts.length);
    const n = counts.length;
    this.itemCount = n;
    this.globalMean = globalMean;
    this.counts = Float32Array.from(counts);
    this.means = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      this.means[j] = (sums[j]! + POPULARITY_DAMPING * globalMean) / (counts[j]! + POPULARITY_DAMPING);
    }
  }

  foldIn(profile: Profile): FoldedUser {
    expectLength('profile values', profile.values.length, profile.items.length);
    return { profile };
  }

  predict(_user: FoldedUser, item: number): number {
    return this.means[item] ?? this.globalMean;
  }

  scoreAll(_user: FoldedUser, out: Float32Array): void {
    expectLength('popularity scores', out.length, this.itemCount);
    out.set(this.counts);
  }

  save(): ModelState {
    return { itemCount: this.itemCount, globalMean: this.globalMean, counts: this.counts, means: this.means };
  }

  load(state: ModelState): void {
    this.itemCount = state.itemCount as number;
    this.globalMean = state.globalMean as number;
    this.counts = state.counts as Float32Array;
    this.means = state.means as Float32Array;
    expectLength('popularity counts', this.counts.length, this.itemCount);
    expectLength('popularity means', this.means.length, this.itemCount);
  }
}
