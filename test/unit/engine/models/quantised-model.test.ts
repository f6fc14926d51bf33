import { describe, expect, it } from 'vitest';
import { ShapeError, type ModelState } from '../../../../src/engine/model-contracts.ts';
import { QuantisedFactorsModel } from '../../../../src/engine/models/quantised-model.ts';
import { MatrixFactorizationModel } from '../../../../src/engine/models/mf.ts';
import { profileOfUser } from '../../../../src/engine/dataset/training-set.ts';
import { randomTrain } from './fixtures.ts';

describe('biased MF shipped with quantised item factors', () => {
  it('predicts as the float model within the quantisation error, and as its own saved copy exactly', () => {
    const train = randomTrain(40, 30, 0.4, 6);
    const options = { factors: 8, epochs: 15 };
    const mf = new MatrixFactorizationModel(options);
    mf.fit(train, { seed: 1 });
    const shipped = new QuantisedFactorsModel(new MatrixFactorizationModel(options), 'int8');
    shipped.fit(train, { seed: 1 });
    const state = shipped.save();
    const factors = state.itemFactors as ModelState;
    expect(factors.codes).toBeInstanceOf(Int8Array);
    expect(factors.scale).toHaveLength(30);
    const copy = new QuantisedFactorsModel(new MatrixFactorizationModel(), 'int8');
    copy.load(structuredClone(state));
    for (const u of [0, 7, 22]) {
      const profile = profileOfUser(train, u);
      const [a, b, c] = [mf.rater(profile), shipped.rater(profile), copy.rater(profile)];
      for (let i = 0; i < 30; i++) {
        expect(Math.abs(b(i) - a(i))).toBeLessThan(0.05);
        expect(c(i)).toBe(b(i));
      }
    }
    expect(() => copy.load({ ...state, factors: 7 })).toThrow(ShapeError);
  });
});
