import { describe, expect, it } from 'vitest';
import { crossValidatePredictors, scoreHoldOut } from '../../../../src/engine/eval/cross-validate.ts';
import { RatingErrors, mae, rmse } from '../../../../src/engine/eval/rating-metrics.ts';
import { BaselineModel } from '../../../../src/engine/models/baseline.ts';
import { holdOutFraction } from '../../../../src/engine/dataset/training-set.ts';
import { randomTrain } from '../models/fixtures.ts';

describe('rating metrics', () => {
  it('RMSE and MAE of known errors', () => {
    // errors 1, −2, 0, 1: squared mean 6/4, absolute mean 4/4
    expect(rmse([4, 1, 3, 5], [3, 3, 3, 4])).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(mae([4, 1, 3, 5], [3, 3, 3, 4])).toBe(1);
    expect(() => rmse([1], [1, 2])).toThrowError(/1 values but actual has 2/);
    expect(() => new RatingErrors().add(NaN, 3)).toThrowError(/not finite/);
    expect(new RatingErrors().rmse).toBeNaN();
  });
});

describe('crossValidatePredictors', () => {
  const data = randomTrain(40, 30, 0.4, 12);

  it('scores every test rating once across the folds, with a clock-timed fit', () => {
    let ticks = 0;
    const folds: number[] = [];
    const scores = crossValidatePredictors(data, {
      folds: 4,
      seed: 3,
      models: { baseline: () => new BaselineModel() },
      clock: () => ticks++ * 10,
      onFold: (_name, fold) => folds.push(fold),
    });
    const s = scores.baseline!;
    expect(s.count).toBe(data.items.length);
    expect(s.foldRmse).toHaveLength(4);
    expect(folds).toEqual([0, 1, 2, 3]);
    expect(s.fitMs).toBe(10);
    expect(s.rmse).toBeCloseTo(s.foldRmse.reduce((a, b) => a + b, 0) / 4, 12);
    expect(s.mae).toBeLessThanOrEqual(s.rmse);
  });

  it('repeats exactly for a seed', () => {
    const run = (seed: number) =>
      crossValidatePredictors(data, { folds: 3, seed, models: { baseline: () => new BaselineModel() } }).baseline!
        .foldRmse;
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('scoreHoldOut predicts through fold-in of the user’s train ratings, as the app does', () => {
    const { train, test } = holdOutFraction(data, 0.2, 1);
    const m = new BaselineModel();
    m.fit(train, { seed: 1 });
    // A training user's fold-in bias is the fitted one, so this is the same prediction by another road.
    const { min, max } = m.range;
    const predicted = Array.from(test.items, (item, k) =>
      Math.min(max, Math.max(min, m.raw(m.trainUserBias[test.users[k]!]!, item))),
    );
    const s = scoreHoldOut(m, train, test);
    expect(s.count).toBe(test.items.length);
    expect(s.rmse).toBeCloseTo(rmse(predicted, test.values), 10);
  });
});
