/**
 * A ranker whose scores count for less on items few people rated: each item's score moves towards the list's mean
 * score by the share k / (n + k) of its n ratings, so an item a handful of people loved does not top a list on their
 * say alone (matrix factorisation ranks "Heidi Fleiss: Hollywood Madam", 2 ratings, above everything otherwise).
 * Between well-known items, whose n is far above k, the order stays the inner ranker's. Fitting and saving are the
 * inner ranker's: this holds only the counts it weighs by.
 */
import {
  expectLength,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';

/** Ratings at which an item's score keeps half its distance from the mean: "a handful". */
export const SUPPORT_HALF = 5;

export class SupportWeighted implements Ranker {
  readonly explain?: (profile: Profile, items: ArrayLike<number>) => Float32Array[];

  constructor(
    readonly inner: Ranker,
    /** Ratings per item (the engine's popularity counts, read when scoring). */
    private readonly counts: () => ArrayLike<number>,
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

  save(): ModelState {
    return this.inner.save();
  }

  load(state: ModelState): void {
    this.inner.load(state);
  }
}
