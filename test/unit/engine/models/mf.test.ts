import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { ShapeError } from '../../../../src/engine/model-contracts.ts';
import { BaselineModel } from '../../../../src/engine/models/baseline.ts';
import { solveSpdInPlace } from '../../../../src/engine/numeric/cholesky.ts';
import { MatrixFactorizationModel } from '../../../../src/engine/models/mf.ts';
import { scoreHoldOut } from '../../../../src/engine/eval/cross-validate.ts';
import { gaussian, mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { holdOutFraction, profileOfUser } from '../../../../src/engine/dataset/training-set.ts';
import { makeProfile, randomTrain, trainFromCells } from './fixtures.ts';

/** Ratings from a hidden rank-2 model plus noise, on the 0.5..5 scale, 60% observed. */
function lowRankTrain(users: number, items: number, seed: number) {
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const uf = Array.from({ length: users }, () => [normal(), normal()]);
  const itf = Array.from({ length: items }, () => [normal(), normal()]);
  return trainFromCells(users, items, (a, b) => {
    if (!(rng() < 0.6)) return NaN;
    const r = 3 + 0.8 * (uf[a]![0]! * itf[b]![0]! + uf[a]![1]! * itf[b]![1]!) + 0.2 * normal();
    return Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
  });
}

describe('solveSpdInPlace', () => {
  it('agrees with ml-matrix on a random SPD system and rejects an indefinite one', () => {
    const n = 6;
    const rng = mulberry32(3);
    const b = Matrix.from1DArray(
      n,
      n,
      Array.from({ length: n * n }, () => rng() - 0.5),
    );
    const a = b.transpose().mmul(b).add(Matrix.eye(n).mul(0.1));
    const rhs = Array.from({ length: n }, () => rng());
    const expected = solve(a, Matrix.columnVector(rhs)).to1DArray();
    const x = Float64Array.from(rhs);
    solveSpdInPlace(Float64Array.from(a.to1DArray()), x, n);
    for (let k = 0; k < n; k++) expect(x[k]).toBeCloseTo(expected[k]!, 10);
    expect(() => solveSpdInPlace(Float64Array.from([1, 2, 2, 1]), new Float64Array(2), 2)).toThrowError(
      /not positive definite/,
    );
    expect(() => solveSpdInPlace(new Float64Array(3), new Float64Array(2), 2)).toThrowError(ShapeError);
  });
});

describe('MatrixFactorizationModel', () => {
  it('fold-in equals the ridge solution computed independently with ml-matrix', () => {
    const train = randomTrain(20, 30, 0.4, 7);
    const m = new MatrixFactorizationModel({ factors: 5, epochs: 20, foldInPrior: 0.7 });
    m.fit(train, { seed: 1 });
    // Fewer ratings than one fold-in chunk; the next test spans several chunks.
    const items = [0, 3, 4, 8, 11, 15, 16, 20, 22, 25, 28, 29];
    const values = items.map((_, k) => 0.5 + ((k * 7) % 10) / 2);
    const profile = makeProfile(items, values, 30);
    const user = m.foldIn(profile);
    const f = 5;
    const x = new Matrix(items.length, f + 1);
    const y = Matrix.columnVector(items.map((i, k) => values[k]! - m.mean - m.itemBias[i]!));
    items.forEach((i, r) => {
      x.set(r, 0, 1);
      for (let c = 0; c < f; c++) x.set(r, c + 1, m.itemFactors[i * f + c]!);
    });
    const lambda = m.options.regularization * items.length + 0.7;
    const w = solve(
      x
        .transpose()
        .mmul(x)
        .add(Matrix.eye(f + 1).mul(lambda)),
      x.transpose().mmul(y),
    ).to1DArray();
    expect(user.bias).toBeCloseTo(w[0]!, 9);
    for (let c = 0; c < f; c++) expect(user.vector[c]).toBeCloseTo(w[c + 1]!, 9);
    const dot = w.slice(1).reduce((a, wc, c) => a + wc * m.itemFactors[7 * f + c]!, 0);
    expect(m.rater(profile)(7)).toBeCloseTo(Math.min(5, Math.max(0.5, m.mean + w[0]! + m.itemBias[7]! + dot)), 6);
  });

  it('fold-in handles profiles longer than one chunk exactly like the direct sum', () => {
    const train = randomTrain(10, 400, 0.5, 9);
    const m = new MatrixFactorizationModel({ factors: 3, epochs: 3 });
    m.fit(train, { seed: 2 });
    const items = Array.from({ length: 300 }, (_, k) => k + 50);
    const values = items.map((i) => 0.5 + (i % 10) / 2);
    const user = m.foldIn(makeProfile(items, values, 400));
    const x = new Matrix(items.length, 4);
    items.forEach((i, r) => {
      x.set(r, 0, 1);
      for (let c = 0; c < 3; c++) x.set(r, c + 1, m.itemFactors[i * 3 + c]!);
    });
    const y = Matrix.columnVector(items.map((i, k) => values[k]! - m.mean - m.itemBias[i]!));
    const lambda = m.options.regularization * items.length + m.options.foldInPrior;
    const w = solve(x.transpose().mmul(x).add(Matrix.eye(4).mul(lambda)), x.transpose().mmul(y)).to1DArray();
    expect(user.bias).toBeCloseTo(w[0]!, 8);
    for (let c = 0; c < 3; c++) expect(user.vector[c]).toBeCloseTo(w[c + 1]!, 8);
  });

  it('repeats exactly for a seed and differs across seeds', () => {
    const train = randomTrain(15, 20, 0.4, 4);
    const fit = (seed: number) => {
      const m = new MatrixFactorizationModel({ factors: 4, epochs: 5 });
      m.fit(train, { seed });
      return m;
    };
    expect([...fit(5).itemFactors]).toEqual([...fit(5).itemFactors]);
    expect([...fit(5).itemFactors]).not.toEqual([...fit(6).itemFactors]);
  });

  it('recovers a low-rank structure the baseline cannot see', () => {
    const { train, test } = holdOutFraction(lowRankTrain(120, 80, 1), 0.2, 1);
    const baseline = new BaselineModel();
    baseline.fit(train, { seed: 1 });
    const mf = new MatrixFactorizationModel({ factors: 8, epochs: 40, learningRate: 0.02, regularization: 0.05 });
    mf.fit(train, { seed: 1 });
    const b = scoreHoldOut(baseline, train, test).rmse;
    const f = scoreHoldOut(mf, train, test).rmse;
    expect(f).toBeLessThan(0.5 * b);
  });

  it('checks shapes and restores from saved state', () => {
    const train = randomTrain(12, 10, 0.5, 2);
    const m = new MatrixFactorizationModel({ factors: 3, epochs: 3 });
    m.fit(train, { seed: 1 });
    expect(() => m.foldIn(makeProfile([10], [3], 11))).toThrowError(/profile item 10 outside 0\.\.9/);
    expect(() => m.score(profileOfUser(train, 0), new Float32Array(9))).toThrowError(ShapeError);
    const copy = new MatrixFactorizationModel();
    copy.load(structuredClone(m.save()));
    expect(copy.options.factors).toBe(3);
    const p = profileOfUser(train, 3);
    for (let i = 0; i < 10; i++) expect(copy.rater(p)(i)).toBe(m.rater(p)(i));
    expect(() => copy.load({ ...m.save(), itemFactors: new Float32Array(5) })).toThrowError(/itemFactors/);
  });
});
