/**
 * A ranker whose scores count for less on items few people rated: each item's score moves towards the list's mean
 * score by the share k / (n + k) of its n ratings, so an item a handful of people loved does not top a list on their
 * say alone (matrix factorisation otherwise tops a list with a film a couple of people loved).
 * Between well-known items, whose n is far above k, the order stays the inner ranker's. Fitting and saving are the
 * inner ranker's (RescoredRanker): this holds only the counts it weighs by.
 */
import { expectLength, type Profile, type Ranker } from '../model-contracts.ts';
import { RescoredRanker } from './rescored-ranker.ts';

/** Ratings at which an item's score keeps half its distance from the mean: "a handful". */
export const SUPPORT_HALF = 5;

export class SupportWeighted extends RescoredRanker {
  constructor(
    inner: Ranker,
    /** Ratings per item (the engine's popularity counts, read when scoring). */
    private readonly counts: () => ArrayLike<number>,
  ) {
    super(inner);
  }

  protected rescore(_profile: Profile, out: Float32Array): void {
    const counts = this.counts();
    expectLength('support counts', counts.length, out.length);
    let sum = 0;
    let finite = 0;
    for (let j = 0; j < out.length; j++)
      if (Number.isFinite(out[j]!)) {
        sum += out[j]!;
        finite++;
      }
    const mean = finite > 0 ? sum / finite : 0;
    for (let j = 0; j < out.length; j++) {
      const s = out[j]!;
      if (!Number.isFinite(s)) continue;
      const n = counts[j]!;
      out[j] = mean + ((s - mean) * n) / (n + SUPPORT_HALF);
    }
  }
}
