/**
 * A personalised popularity penalty: each positive score is divided by (n + 1)^β_u, n the item's ratings, so the
 * canon stops filling every list. The exponent is the user's own: β_u = β × (how niche the user's rated items are,
 * relative to a typical rating), so a person who rates the hits still gets hits, and one who rates the margins gets
 * more of them; a flat penalty pushes both alike and costs more accuracy for the same reach (the frontier
 * `npm run eval` prints: coverage and novelty beside NDCG@10).
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
  /** log(max n + 1): an item's "surprise" is this less its own log count (0 for the most rated). */
  private readonly logMax: number;
  /** The surprise of a typical rating (the rating-weighted mean): a user at it gets β itself. */
  private readonly typical: number;

  constructor(counts: ArrayLike<number>) {
    this.logCounts = Float64Array.from(counts, (n) => Math.log1p(n));
    let max = 0;
    let weighted = 0;
    let total = 0;
    for (let j = 0; j < counts.length; j++) max = Math.max(max, counts[j]!);
    this.logMax = Math.log1p(max);
    for (let j = 0; j < counts.length; j++) {
      weighted += counts[j]! * (this.logMax - this.logCounts[j]!);
      total += counts[j]!;
    }
    this.typical = total > 0 ? weighted / total : 0;
  }

  /** β_u: β scaled by how far from the canon the profile's items lie (β itself where nothing tells). */
  exponent(profile: Profile, beta: number): number {
    const items = profile.items;
    if (beta === 0 || items.length === 0 || this.typical === 0) return beta;
    let surprise = 0;
    for (let k = 0; k < items.length; k++) surprise += this.logMax - this.logCounts[items[k]!]!;
    return (beta * surprise) / items.length / this.typical;
  }

  /** Penalises `scores` in place: of every item, or of `items` only when given (scores[i] belongs to items[i]). */
  apply(scores: Float32Array, exponent: number, items?: ArrayLike<number>): void {
    if (exponent === 0) return;
    if (items) expectLength('penalised items', items.length, scores.length);
    else expectLength('penalised scores', scores.length, this.logCounts.length);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (!Number.isFinite(s) || s === 0) continue;
      const factor = Math.exp(-exponent * this.logCounts[items ? items[i]! : i]!);
      // Dividing a negative score would raise it: multiply instead, so the penalty lowers every score alike.
      scores[i] = s > 0 ? s * factor : s / factor;
    }
  }
}

/** A ranker with the personalised popularity penalty on its scores; fitting, saving and reasons are the inner one's. */
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
    this.penalty!.apply(out, this.penalty!.exponent(profile, this.beta));
  }

  save(): ModelState {
    return this.inner.save();
  }

  load(state: ModelState): void {
    this.inner.load(state);
  }
}
