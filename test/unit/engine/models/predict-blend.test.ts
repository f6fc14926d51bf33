import { describe, expect, it } from 'vitest';
import { scoreHoldOut } from '../../../../src/engine/eval/cross-validate.ts';
import { ItemKnnModel } from '../../../../src/engine/models/itemknn.ts';
import { MatrixFactorizationModel } from '../../../../src/engine/models/mf.ts';
import { BLEND_FEATURES, BlendModel } from '../../../../src/engine/models/predict-blend.ts';
import { gaussian, mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { holdOutFraction, profileOfUser } from '../../../../src/engine/dataset/training-set.ts';
import { randomTrain, trainFromCells } from './fixtures.ts';

/** Ratings from user/item biases, a rank-3 taste model and noise: each component model captures part of it. */
function structuredTrain(users: number, items: number, seed: number) {
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const bu = Array.from({ length: users }, () => 0.5 * normal());
  const bi = Array.from({ length: items }, () => 0.5 * normal());
  const uf = Array.from({ length: users }, () => [normal(), normal(), normal()]);
  const itf = Array.from({ length: items }, () => [normal(), normal(), normal()]);
  return trainFromCells(users, items, (a, b) => {
    if (!(rng() < 0.35)) return NaN;
    const taste = uf[a]!.reduce((s, x, c) => s + x * itf[b]![c]!, 0);
    const r = 3.4 + bu[a]! + bi[b]! + 0.5 * taste + 0.4 * normal();
    return Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
  });
}

const PRIOR = BLEND_FEATURES.map((f) => (['baseline', 'knn - baseline', 'mf'].includes(f) ? 0.5 : 0));

describe('BlendModel', () => {
  const { train, test } = holdOutFraction(structuredTrain(150, 120, 3), 0.2, 2);
  const options = { mf: { factors: 8, epochs: 30, learningRate: 0.02 }, knn: { k: 20 } };

  it('predicts held-out ratings better than its best component', () => {
    const blend = new BlendModel(options);
    blend.fit(train, { seed: 1 });
    const knn = new ItemKnnModel(options.knn);
    knn.fit(train, { seed: 1 });
    const mf = new MatrixFactorizationModel(options.mf);
    mf.fit(train, { seed: 1 });
    const b = scoreHoldOut(blend, train, test).rmse;
    const best = Math.min(scoreHoldOut(knn, train, test).rmse, scoreHoldOut(mf, train, test).rmse);
    expect(b).toBeLessThan(best);
    expect(blend.weights.length).toBe(BLEND_FEATURES.length);
    for (const w of blend.weights) expect(Number.isFinite(w)).toBe(true);
  });

  it('repeats exactly for a seed, and save/load restores identical predictions', () => {
    const a = new BlendModel(options);
    const b = new BlendModel(options);
    a.fit(train, { seed: 4 });
    b.fit(train, { seed: 4 });
    expect([...a.weights]).toEqual([...b.weights]);
    const copy = new BlendModel();
    copy.load(structuredClone(a.save()));
    const p = profileOfUser(train, 9);
    const folded = a.foldIn(p);
    const [rateCopy, rate] = [copy.rater(p), a.rater(p)];
    for (let i = 0; i < train.itemCount; i++) {
      expect(rateCopy(i)).toBe(rate(i));
      // The rater clamps the blend to the rating scale.
      expect(rate(i)).toBe(Math.min(5, Math.max(0.5, a.raw(folded, i))));
    }
  });

  it('reports fit progress that only rises, and ends at 1', () => {
    for (const refit of [false, true]) {
      const seen: number[] = [];
      new BlendModel({ ...options, refit }).fit(train, { seed: 1, onProgress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThan(10);
      for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]!);
      expect(seen.at(-1)).toBe(1);
    }
  });

  it('learns from what a small dataset offers, and is the plain KNN/MF average below 15 held-out ratings', () => {
    // ~170 ratings: 30% (about 50) held out for the weights.
    const toy = randomTrain(20, 15, 0.5, 1);
    const small = new BlendModel();
    small.fit(toy, { seed: 1 });
    expect([...small.weights]).not.toEqual(PRIOR);
    const rate = small.rater(profileOfUser(toy, 2));
    for (let i = 0; i < toy.itemCount; i++) {
      const p = rate(i);
      expect(p >= 0.5 && p <= 5).toBe(true);
    }
    const tiny = new BlendModel();
    tiny.fit(randomTrain(6, 8, 0.5, 2), { seed: 1 });
    expect([...tiny.weights]).toEqual(PRIOR);
  });
});
