import { describe, expect, it } from 'vitest';
import type {
  FitContext,
  FoldedUser,
  Model,
  ModelState,
  Profile,
  TrainingSet,
} from '../../../../src/engine/model-contracts.ts';
import { RankBlendModel, scaleByBest } from '../../../../src/engine/models/rank-blend.ts';

/** A ranker with fixed per-item scores, for checking the blend's arithmetic. */
class FixedScores implements Model {
  readonly name = 'fixed';
  constructor(private scores: Float32Array) {}
  fit(_t: TrainingSet, _c: FitContext): void {}
  foldIn(profile: Profile): FoldedUser {
    return { profile };
  }
  predict(): number {
    return 3;
  }
  scoreAll(_u: FoldedUser, out: Float32Array): void {
    out.set(this.scores);
  }
  save(): ModelState {
    return { model: this.name, scores: this.scores };
  }
  load(state: ModelState): void {
    this.scores = state.scores as Float32Array;
  }
}

const tiny: TrainingSet = {
  userCount: 1,
  itemCount: 4,
  userOffsets: Uint32Array.of(0, 1),
  items: Int32Array.of(0),
  values: Float32Array.of(4),
};

describe('rank blend', () => {
  it('scales each score vector by its best unrated item', () => {
    const scores = Float32Array.of(10, 4, 2, -1);
    scaleByBest(scores, { items: Int32Array.of(0), values: Float32Array.of(5) });
    expect(Array.from(scores)).toEqual([2.5, 1, 0.5, -0.25]);
    const negative = Float32Array.of(-1, -2);
    scaleByBest(negative, { items: new Int32Array(0), values: new Float32Array(0) });
    expect(Array.from(negative)).toEqual([-1, -2]);
  });

  it('sums weighted scaled scores with fixed weights', () => {
    const blend = new RankBlendModel([
      { name: 'a', create: () => new FixedScores(Float32Array.of(0, 2, 1, 4)), weight: 1 },
      { name: 'b', create: () => new FixedScores(Float32Array.of(9, 1, 3, 0)), weight: 0.5 },
    ]);
    blend.fit(tiny, { seed: 1 });
    const out = new Float32Array(4);
    blend.scoreAll(blend.foldIn({ items: Int32Array.of(0), values: Float32Array.of(4) }), out);
    // a scaled by 4 (item 0 is rated), b by 3.
    const expected = [0 + (0.5 * 9) / 3, 2 / 4 + (0.5 * 1) / 3, 1 / 4 + (0.5 * 3) / 3, 1 + 0];
    out.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 6));
  });

  it('refuses a negative or missing weight', () => {
    const make = () => new FixedScores(new Float32Array(4));
    expect(() => new RankBlendModel([{ name: 'a', create: make, weight: -1 }])).toThrow(/"a" must be ≥ 0/);
    expect(() => new RankBlendModel([{ name: 'a', create: make, weight: NaN }])).toThrow(/"a" must be ≥ 0/);
  });

  it('round-trips its weights and components through a structured clone, and checks component names', () => {
    const make = (): RankBlendModel =>
      new RankBlendModel([
        { name: 'a', create: () => new FixedScores(Float32Array.of(0, 2, 1, 4)), weight: 1 },
        { name: 'b', create: () => new FixedScores(Float32Array.of(9, 1, 3, 0)), weight: 0.3 },
      ]);
    const blend = make();
    blend.fit(tiny, { seed: 1 });
    const copy = make();
    copy.load(structuredClone(blend.save()));
    expect(Array.from(copy.weights)).toEqual(Array.from(blend.weights));
    const other = new RankBlendModel([{ name: 'c', create: () => new FixedScores(new Float32Array(4)), weight: 1 }]);
    expect(() => other.load(blend.save())).toThrow(/components a,b/);
  });
});
