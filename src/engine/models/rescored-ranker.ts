/**
 * A ranker that adjusts another ranker's scores (support weighting, the popularity penalty): fitting, saving,
 * loading and the reasons stay the inner ranker's, so a wrapped model keeps its saved state and its explanations.
 */
import type { FitContext, ModelState, Profile, Ranker, TrainingSet } from '../model-contracts.ts';

export abstract class RescoredRanker implements Ranker {
  readonly explain?: (profile: Profile, items: ArrayLike<number>) => Float32Array[];

  constructor(readonly inner: Ranker) {
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
    this.rescore(profile, out);
  }

  /** Adjusts the inner ranker's scores in place (rated items stay -Infinity). */
  protected abstract rescore(profile: Profile, out: Float32Array): void;

  save(): ModelState {
    return this.inner.save();
  }

  load(state: ModelState): void {
    this.inner.load(state);
  }
}
