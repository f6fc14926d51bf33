import { describe, expect, it } from 'vitest';
import type { FitContext, FoldedUser, Model, ModelState, Profile, TrainingSet } from '../../../src/engine/model.ts';
import { RankBlendModel, relevanceThreshold, scaleByBest } from '../../../src/engine/models/rank-blend.ts';
import { EaseModel } from '../../../src/engine/models/ease.ts';
import { PopularityModel } from '../../../src/engine/models/popularity.ts';
import { evaluateRanking, perUserHoldout } from '../../../src/engine/eval/holdout.ts';
import { mulberry32 } from '../../../src/engine/random.ts';
import { trainingSetFromDataset } from '../../../src/engine/training-set.ts';
import { bundledDataset, firstUsers } from './fixture.ts';

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

/** Random scores: a component with nothing to say, for the tuner to down-weight. */
class Noise extends FixedScores {
  override fit(train: TrainingSet): void {
    const rng = mulberry32(5);
    this.load({ scores: Float32Array.from({ length: train.itemCount }, () => rng()) });
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
    const blend = new RankBlendModel(
      [
        { name: 'a', create: () => new FixedScores(Float32Array.of(0, 2, 1, 4)) },
        { name: 'b', create: () => new FixedScores(Float32Array.of(9, 1, 3, 0)) },
      ],
      { weights: { a: 1, b: 0.5 }, tuningUsers: 10 },
    );
    blend.fit(tiny, { seed: 1 });
    const out = new Float32Array(4);
    blend.scoreAll(blend.foldIn({ items: Int32Array.of(0), values: Float32Array.of(4) }), out);
    // a scaled by 4 (item 0 is rated), b by 3.
    const expected = [0 + (0.5 * 9) / 3, 2 / 4 + (0.5 * 1) / 3, 1 / 4 + (0.5 * 3) / 3, 1 + 0];
    out.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 6));
  });

  it('puts the liked threshold at 4 stars on a 0.5–5 scale and scales with the range', () => {
    expect(relevanceThreshold([0.5, 3, 5])).toBeCloseTo(3.65, 9);
    expect(relevanceThreshold([1, 10])).toBeCloseTo(7.3, 9);
  });

  it('tunes weight onto the informative component and beats the anchor alone', () => {
    const d = firstUsers(bundledDataset(), 200);
    const split = perUserHoldout(trainingSetFromDataset(d), 0.2, 3);
    const specs = [
      { name: 'noise', create: () => new Noise(new Float32Array(0)) },
      { name: 'ease', create: () => new EaseModel() },
      { name: 'popularity', create: () => new PopularityModel() },
    ];
    const blend = new RankBlendModel(specs, { tuningUsers: 150 });
    blend.fit(split.train, { seed: 1 });
    expect(blend.weights[0]).toBe(1);
    expect(blend.weights[1]).toBeGreaterThan(0.5);
    const noise = specs[0]!.create();
    noise.fit(split.train, { seed: 1 });
    const score = (m: Model): number => evaluateRanking(split, (p, out) => m.scoreAll(m.foldIn(p), out))['ndcg@10'];
    expect(score(blend)).toBeGreaterThan(score(noise) + 0.1);
  });

  it("takes its components' own weights without tuning, unless told to tune", () => {
    const specs = [
      { name: 'a', create: () => new FixedScores(Float32Array.of(0, 2, 1, 4)), weight: 1 },
      { name: 'b', create: () => new FixedScores(Float32Array.of(9, 1, 3, 0)), weight: 0.25 },
    ];
    const fixed = new RankBlendModel(specs);
    expect(fixed.tuning).toBe(false);
    fixed.fit(tiny, { seed: 1 });
    expect(Array.from(fixed.weights)).toEqual([1, 0.25]);
    expect(fixed.tunedNdcg).toBeNaN();
    expect(new RankBlendModel(specs, { tune: true, tuningUsers: 10 }).tuning).toBe(true);
    // One component without a weight: the blend cannot guess it, so it tunes.
    expect(new RankBlendModel([specs[0]!, { ...specs[1]!, weight: undefined }]).tuning).toBe(true);
    // Explicit weights win over both.
    const given = new RankBlendModel(specs, { weights: { a: 1, b: 0.5 }, tune: true, tuningUsers: 10 });
    expect(given.tuning).toBe(false);
    expect(Array.from(given.weights)).toEqual([1, 0.5]);
  });

  it('round-trips its weights and components through a structured clone, and checks component names', () => {
    const make = (): RankBlendModel =>
      new RankBlendModel(
        [
          { name: 'a', create: () => new FixedScores(Float32Array.of(0, 2, 1, 4)) },
          { name: 'b', create: () => new FixedScores(Float32Array.of(9, 1, 3, 0)) },
        ],
        { weights: { a: 1, b: 0.3 }, tuningUsers: 10 },
      );
    const blend = make();
    blend.fit(tiny, { seed: 1 });
    const copy = make();
    copy.load(structuredClone(blend.save()));
    expect(Array.from(copy.weights)).toEqual(Array.from(blend.weights));
    const other = new RankBlendModel([{ name: 'c', create: () => new FixedScores(new Float32Array(4)) }]);
    expect(() => other.load(blend.save())).toThrow(/components a,b/);
  });
});
