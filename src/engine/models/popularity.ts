/**
 * Popularity: rank by how many people rated an item. The cold-start list, the counts behind the popularity knob, and
 * the floor every personalised ranker has to beat (`npm run eval` prints its NDCG next to theirs).
 */
import { ratingTotals } from '../dataset/rating-totals.ts';
import {
  excludeRated,
  expectLength,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';
import { expectModel, stateArray } from '../model-state.ts';

export class PopularityModel implements Ranker {
  readonly name = 'popularity';
  /** Ratings per item. */
  counts: Float32Array = new Float32Array(0);

  get itemCount(): number {
    return this.counts.length;
  }

  fit(train: TrainingSet, _context: FitContext): void {
    this.useCounts(ratingTotals(train.items, train.values, train.itemCount).counts);
  }

  /** The model of per-item rating counts (model mode ships these without the ratings). */
  useCounts(counts: ArrayLike<number>): void {
    this.counts = Float32Array.from(counts);
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('popularity scores', out.length, this.itemCount);
    out.set(this.counts);
    excludeRated(profile, out);
  }

  save(): ModelState {
    return { model: this.name, counts: this.counts };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    this.counts = stateArray(state, 'counts', Float32Array);
  }
}
