import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../../src/engine/model-contracts.ts';
import { BaselineModel } from '../../../../src/engine/models/baseline.ts';
import { profileOfUser, transposeToItemMajor } from '../../../../src/engine/dataset/training-set.ts';
import { gridTrain, makeProfile, randomTrain } from './fixtures.ts';

const _ = NaN;

describe('BaselineModel', () => {
  it('one sweep gives the hand-computed closed-form biases', () => {
    // μ = 11/3; items first: b_i0 = (4−μ + 5−μ)/(1+2) = 5/9, b_i1 = (2−μ)/(1+1) = −5/6;
    // then users: b_u0 = (4−μ−5/9 + 2−μ+5/6)/(2+2) = −19/72, b_u1 = (5−μ−5/9)/(2+1) = 7/27.
    const train = gridTrain([
      [4, 2],
      [5, _],
    ]);
    const m = new BaselineModel({ regItem: 1, regUser: 2, iterations: 1 });
    m.fit(train, { seed: 0 });
    expect(m.mean).toBeCloseTo(11 / 3, 12);
    expect(m.itemBias[0]).toBeCloseTo(5 / 9, 12);
    expect(m.itemBias[1]).toBeCloseTo(-5 / 6, 12);
    expect(m.trainUserBias[0]).toBeCloseTo(-19 / 72, 12);
    expect(m.trainUserBias[1]).toBeCloseTo(7 / 27, 12);
    expect(m.rater(profileOfUser(train, 0))(1)).toBeCloseTo(11 / 3 - 19 / 72 - 5 / 6, 6);
  });

  it('converges to biases that satisfy both regularized normal equations', () => {
    const train = randomTrain(30, 20, 0.3, 11);
    const m = new BaselineModel({ iterations: 200 });
    m.fit(train, { seed: 0 });
    const byItem = transposeToItemMajor(train);
    for (let i = 0; i < train.itemCount; i++) {
      let dev = 0;
      const n = byItem.itemOffsets[i + 1]! - byItem.itemOffsets[i]!;
      for (let k = byItem.itemOffsets[i]!; k < byItem.itemOffsets[i + 1]!; k++)
        dev += byItem.values[k]! - m.mean - m.trainUserBias[byItem.users[k]!]!;
      expect(m.itemBias[i]).toBeCloseTo(dev / (m.options.regItem + n), 8);
    }
  });

  it('fold-in gives a training user exactly the bias of the fit', () => {
    const train = randomTrain(25, 15, 0.4, 2);
    const m = new BaselineModel();
    m.fit(train, { seed: 0 });
    for (let u = 0; u < train.userCount; u++)
      expect(m.foldIn(profileOfUser(train, u)).bias).toBeCloseTo(m.trainUserBias[u]!, 12);
    expect(m.foldIn(makeProfile([], [], train.itemCount)).bias).toBe(0);
  });

  it('clamps to the trained rating range and ranks by item bias', () => {
    const train = gridTrain([
      [5, 5, 1],
      [5, 5, 1],
      [5, _, 1],
    ]);
    const m = new BaselineModel({ regItem: 0, regUser: 0, iterations: 5 });
    m.fit(train, { seed: 0 });
    const lover = makeProfile([0], [5], 3);
    expect(m.rater(lover)(1)).toBeLessThanOrEqual(5);
    const out = new Float32Array(3);
    m.score(lover, out);
    expect(out[1]).toBeGreaterThan(out[2]!);
    expect(out[0]).toBe(-Infinity);
    expect(() => m.score(lover, new Float32Array(2))).toThrowError(ShapeError);
    expect(() => m.rater(makeProfile([3], [4], 4))).toThrowError(/profile item 3 outside 0\.\.2/);
  });

  it('save/load restores identical predictions and rejects a foreign state', () => {
    const train = randomTrain(20, 12, 0.4, 8);
    const m = new BaselineModel();
    m.fit(train, { seed: 0 });
    const copy = new BaselineModel();
    copy.load(structuredClone(m.save()));
    const p = profileOfUser(train, 4);
    for (let i = 0; i < train.itemCount; i++) expect(copy.rater(p)(i)).toBe(m.rater(p)(i));
    expect(() => copy.load({ ...m.save(), model: 'mf' })).toThrowError(/model state is for "mf", not "baseline"/);
    expect(() => copy.load({ ...m.save(), itemBias: new Float32Array(3) })).toThrowError(/itemBias/);
  });
});
