import { describe, expect, it } from 'vitest';
import {
  excludeRated,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../../../../src/engine/model-contracts.ts';
import { stateArray } from '../../../../src/engine/model-state.ts';
import { RankBlendModel, scaleByBest } from '../../../../src/engine/models/rank-blend.ts';

/** A ranker with fixed per-item scores and reasons, for checking the blend's arithmetic. */
class FixedScores implements Ranker {
  readonly name = 'fixed';
  constructor(
    private scores: Float32Array,
    private readonly reasons: number[] = [],
  ) {}
  get itemCount(): number {
    return this.scores.length;
  }
  fit(_t: TrainingSet, _c: FitContext): void {}
  score(profile: Profile, out: Float32Array): void {
    out.set(this.scores);
    excludeRated(profile, out);
  }
  /** Every item is explained by the first rated item alone, with this ranker's reason weight for the item. */
  explain(profile: Profile, items: ArrayLike<number>): Float32Array[] {
    return Array.from(items, (j) => Float32Array.from(profile.items, (_, t) => (t === 0 ? (this.reasons[j] ?? 0) : 0)));
  }
  save(): ModelState {
    return { model: this.name, scores: this.scores };
  }
  load(state: ModelState): void {
    this.scores = stateArray(state, 'scores', Float32Array);
  }
}

const tiny: TrainingSet = {
  userCount: 1,
  itemCount: 4,
  userOffsets: Uint32Array.of(0, 1),
  items: Int32Array.of(0),
  values: Float32Array.of(4),
};
const rated: Profile = { items: Int32Array.of(0), values: Float32Array.of(4) };

describe('rank blend', () => {
  it('scales each score vector by its best unrated item (rated ones are -Infinity)', () => {
    const scores = Float32Array.of(-Infinity, 4, 2, -1);
    scaleByBest(scores);
    expect(Array.from(scores)).toEqual([-Infinity, 1, 0.5, -0.25]);
    const negative = Float32Array.of(-1, -2);
    scaleByBest(negative);
    expect(Array.from(negative)).toEqual([-1, -2]);
  });

  it('sums weighted scaled scores with fixed weights, rated items last', () => {
    const blend = new RankBlendModel([
      { name: 'a', ranker: new FixedScores(Float32Array.of(0, 2, 1, 4)), weight: 1 },
      { name: 'b', ranker: new FixedScores(Float32Array.of(9, 1, 3, 0)), weight: 0.5 },
    ]);
    blend.fit(tiny, { seed: 1 });
    const out = new Float32Array(4);
    blend.score(rated, out);
    // a scaled by 4, b by 3 (item 0 is rated).
    const expected = [-Infinity, 2 / 4 + (0.5 * 1) / 3, 1 / 4 + (0.5 * 3) / 3, 1 + 0];
    out.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 6));
  });

  it('splits each score over the rated items as it sums the parts: each part’s split, scaled and weighed', () => {
    const blend = new RankBlendModel([
      { name: 'a', ranker: new FixedScores(Float32Array.of(0, 2, 1, 4), [0, 0.5, 0, 0]), weight: 1 },
      { name: 'b', ranker: new FixedScores(Float32Array.of(9, 1, 3, 0), [0, 0.9, 0.3, 0]), weight: 0.5 },
    ]);
    const [one, two, three] = blend.explain(rated, [1, 2, 3]);
    // a is scaled by 1/4 (its best unrated score), b by 1/3 and weighed ½.
    expect(one![0]).toBeCloseTo(0.5 / 4 + (0.5 * 0.9) / 3, 6);
    expect(two![0]).toBeCloseTo((0.5 * 0.3) / 3, 6);
    expect(three![0]).toBe(0);
  });

  it('refuses a negative or missing weight', () => {
    const ranker = new FixedScores(new Float32Array(4));
    expect(() => new RankBlendModel([{ name: 'a', ranker, weight: -1 }])).toThrow(/"a" must be ≥ 0/);
    expect(() => new RankBlendModel([{ name: 'a', ranker, weight: NaN }])).toThrow(/"a" must be ≥ 0/);
  });

  it('round-trips its parts through a structured clone, each under its name, and checks the names', () => {
    const make = (): RankBlendModel =>
      new RankBlendModel([
        { name: 'a', ranker: new FixedScores(Float32Array.of(0, 2, 1, 4)), weight: 1 },
        { name: 'b', ranker: new FixedScores(Float32Array.of(9, 1, 3, 0)), weight: 0.3 },
      ]);
    const blend = make();
    blend.fit(tiny, { seed: 1 });
    const state = blend.save();
    const copy = new RankBlendModel([
      { name: 'a', ranker: new FixedScores(new Float32Array(4)), weight: 1 },
      { name: 'b', ranker: new FixedScores(new Float32Array(4)), weight: 0.3 },
    ]);
    copy.load(structuredClone(state));
    const [x, y] = [new Float32Array(4), new Float32Array(4)];
    blend.score(rated, x);
    copy.score(rated, y);
    expect(Array.from(y)).toEqual(Array.from(x));
    const other = new RankBlendModel([{ name: 'c', ranker: new FixedScores(new Float32Array(4)), weight: 1 }]);
    expect(() => other.load(state)).toThrow(/parts a,b/);
  });
});
