/**
 * The default ranker: a weighted sum of its parts' scores, each first scaled by its best score over the items the user
 * has not rated (so weights compare like with like whatever a ranker's units). The parts and weights are given (each
 * engine's table, from the dataset's tuning record: src/engine/tuning/); the parts are the engine's own rankers, shared,
 * not copies.
 */
import {
  expectLength,
  ShapeError,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';
import { sameProfile } from '../dataset/training-set.ts';
import { expectModel, stateObject } from '../model-state.ts';

export interface BlendPart {
  name: string;
  ranker: Ranker;
  /** Relative weight of its scaled scores (0: fitted, e.g. for its other uses, but not blended). */
  weight: number;
}

/**
 * scores / their best (rated items are -Infinity, so it is the best over the rest); unchanged when that is ≤ 0.
 * Returns the best.
 */
export function scaleByBest(scores: Float32Array): number {
  let best = -Infinity;
  for (let j = 0; j < scores.length; j++) if (scores[j]! > best) best = scores[j]!;
  if (!(best > 0)) return best;
  const inv = 1 / best;
  for (let j = 0; j < scores.length; j++) scores[j]! *= inv;
  return best;
}

export class RankBlendModel implements Ranker {
  readonly name = 'rank-blend';
  readonly weights: Float32Array;
  private scratch = new Float32Array(0);
  /** The profile last scored (a copy) and each part's best score for it, which explain() scales by. */
  private scored: { profile: Profile; bests: Float64Array } | null = null;

  constructor(readonly parts: readonly BlendPart[]) {
    if (parts.length === 0) throw new ShapeError('a rank blend needs at least one part');
    for (const p of parts)
      if (!(p.weight >= 0)) throw new RangeError(`rank blend weight of "${p.name}" must be ≥ 0, got ${p.weight}`);
    this.weights = Float32Array.from(parts, (p) => p.weight);
  }

  get itemCount(): number {
    return this.parts[0]!.ranker.itemCount;
  }

  fit(train: TrainingSet, context: FitContext): void {
    this.parts.forEach(({ ranker }, c) =>
      ranker.fit(train, {
        seed: context.seed,
        onProgress: (f) => context.onProgress?.((c + f) / this.parts.length),
      }),
    );
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('rank-blend scores', out.length, this.itemCount);
    if (this.scratch.length !== out.length) this.scratch = new Float32Array(out.length);
    out.fill(0);
    const bests = new Float64Array(this.parts.length);
    this.parts.forEach(({ ranker }, c) => {
      const w = this.weights[c]!;
      if (w === 0) return;
      ranker.score(profile, this.scratch);
      bests[c] = scaleByBest(this.scratch);
      for (let j = 0; j < out.length; j++) out[j]! += w * this.scratch[j]!;
    });
    this.scored = { profile: { items: profile.items.slice(), values: profile.values.slice() }, bests };
  }

  /**
   * Each item's score split over the profile's items: each part's split (Ranker.explain), scaled and weighed as the
   * part's scores are in score(), summed. A part that explains nothing (popularity) adds nothing.
   */
  explain(profile: Profile, items: ArrayLike<number>): Float32Array[] {
    const out: Float32Array[] = Array.from(items, () => new Float32Array(profile.items.length));
    const bests = this.bestsFor(profile);
    this.parts.forEach(({ ranker }, c) => {
      const w = this.weights[c]!;
      if (w === 0 || !ranker.explain) return;
      const scale = bests[c]! > 0 ? w / bests[c]! : w;
      ranker.explain(profile, items).forEach((shares, k) => {
        const sum = out[k]!;
        for (let t = 0; t < sum.length; t++) sum[t]! += scale * shares[t]!;
      });
    });
    return out;
  }

  /** Each part's best score for the profile (what score() divides by): kept from the last score() of it. */
  private bestsFor(profile: Profile): Float64Array {
    if (this.scored && sameProfile(this.scored.profile, profile)) return this.scored.bests;
    this.score(profile, new Float32Array(this.itemCount));
    return this.scored!.bests;
  }

  save(): ModelState {
    const parts: ModelState = {};
    for (const { name, ranker } of this.parts) parts[name] = ranker.save();
    return { model: this.name, parts };
  }

  /** The parts' states, each into the part of its name (the weights are the engine's: its tuning record's). */
  load(state: ModelState): void {
    expectModel(state, this.name);
    const saved = stateObject(state, 'parts');
    const names = Object.keys(saved).join(',');
    const expected = this.parts.map((p) => p.name).join(',');
    if (names !== expected) throw new ShapeError(`rank-blend state has parts ${names}, expected ${expected}`);
    for (const { name, ranker } of this.parts) ranker.load(stateObject(saved, name));
    const n = this.itemCount;
    for (const { name, ranker } of this.parts)
      if (ranker.itemCount !== n)
        throw new ShapeError(`rank-blend part "${name}" has ${ranker.itemCount} items, not ${n}`);
  }
}
