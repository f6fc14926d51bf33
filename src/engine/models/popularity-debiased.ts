/**
 * A popularity penalty: each positive score is divided by (n + 1)^β, n the item's ratings, so the canon stops filling
 * every list. One β for everyone: scaling it by how far from the hits a profile lies (tried first) left the lists of
 * new users, who rate well-known films, as they were, and ranked no better for the others (`npm run eval` prints
 * the trade: coverage, novelty and a new user's list beside NDCG@10).
 */
import { expectLength, type Profile, type Ranker } from '../model-contracts.ts';
import { RescoredRanker } from './rescored-ranker.ts';

export class PopularityPenalty {
  /** log(n + 1) per item. */
  private readonly logCounts: Float64Array;

  constructor(counts: ArrayLike<number>) {
    this.logCounts = Float64Array.from(counts, (n) => Math.log1p(n));
  }

  /** Penalises `scores` in place: of every item, or of `items` only when given (scores[i] belongs to items[i]). */
  apply(scores: Float32Array, beta: number, items?: ArrayLike<number>): void {
    if (beta === 0) return;
    if (items) expectLength('penalised items', items.length, scores.length);
    else expectLength('penalised scores', scores.length, this.logCounts.length);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (!Number.isFinite(s) || s === 0) continue;
      const factor = Math.exp(-beta * this.logCounts[items ? items[i]! : i]!);
      // Dividing a negative score would raise it: multiply instead, so the penalty lowers every score alike.
      scores[i] = s > 0 ? s * factor : s / factor;
    }
  }
}

/** A ranker with the popularity penalty on its scores. */
export class PopularityDebiased extends RescoredRanker {
  private penalty: PopularityPenalty | null = null;
  private penaltyCounts: ArrayLike<number> | null = null;

  constructor(
    inner: Ranker,
    /** Ratings per item (the engine's popularity counts, read when scoring). */
    private readonly counts: () => ArrayLike<number>,
    readonly beta: number,
  ) {
    super(inner);
  }

  protected rescore(_profile: Profile, out: Float32Array): void {
    const counts = this.counts();
    if (this.penaltyCounts !== counts) {
      this.penalty = new PopularityPenalty(counts);
      this.penaltyCounts = counts;
    }
    this.penalty!.apply(out, this.beta);
  }
}
