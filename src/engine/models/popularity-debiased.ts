/**
 * A popularity penalty: each positive score is divided by (n + 1)^β, n the item's ratings, so the canon stops filling
 * every list. One β for everyone: scaling it by how far from the hits a profile lies (tried first) left the lists of
 * new users, who rate well-known films, as they were, and ranked no better for the others (`npm run eval` prints
 * the trade: coverage, novelty and a new user's list beside NDCG@10).
 */
import {
  expectLength,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';

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

/** A ranker with the popularity penalty on its scores; fitting, saving and reasons are the inner one's. */
export class PopularityDebiased implements Ranker {
  readonly explain?: (profile: Profile, items: ArrayLike<number>) => Float32Array[];
  private penalty: PopularityPenalty | null = null;
  private penaltyCounts: ArrayLike<number> | null = null;

  constructor(
    readonly inner: Ranker,
    /** Ratings per item (the engine's popularity counts, read when scoring). */
    private readonly counts: () => ArrayLike<number>,
    readonly beta: number,
  ) {
    if (inner.explain) this.explain = (profile, items) => inner.explain!(profile, items);
  }

  get name(): string {
    return this.inner.name;
  }

  get itemCount(): number {
    return this.inner.itemCount;
  }

  fit(train: TrainingSet, context: FitContext): void {
    this.inner.fit(train, context);
  }

  score(profile: Profile, out: Float32Array): void {
    this.inner.score(profile, out);
    const counts = this.counts();
    if (this.penaltyCounts !== counts) {
      this.penalty = new PopularityPenalty(counts);
      this.penaltyCounts = counts;
    }
    this.penalty!.apply(out, this.beta);
  }

  save(): ModelState {
    return this.inner.save();
  }

  load(state: ModelState): void {
    this.inner.load(state);
  }
}
