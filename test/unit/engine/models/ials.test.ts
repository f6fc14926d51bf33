import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { ShapeError, type ModelState, type Profile, type TrainingSet } from '../../../../src/engine/model-contracts.ts';
import {
  cgScratch,
  exactScratch,
  gramian,
  solveRowsCg,
  solveRowsExact,
} from '../../../../src/engine/models/ials-kernels.ts';
import {
  DEFAULT_IALS,
  IalsModel,
  hyperOf,
  ialsRows,
  initialItemFactors,
  ratingConfidences,
  type IalsOptions,
} from '../../../../src/engine/models/ials.ts';
import { profileOfUser } from '../../../../src/engine/dataset/training-set.ts';
import { makeProfile, randomTrain } from './fixtures.ts';

const SMALL: Partial<IalsOptions> = { factors: 6, epochs: 8, alpha: 2, lambda: 0.5, encoding: 'float32' };

/** The fold-in solution computed independently: dense Y, then (YᵀY + Yᵀ(C − I)Y + λ_u I)⁻¹ YᵀCp with ml-matrix. */
function directFoldIn(model: IalsModel, profile: Profile): number[] {
  const o = model.options;
  const y = new Matrix(model.itemCount, o.factors);
  const row = new Float64Array(o.factors);
  for (let i = 0; i < model.itemCount; i++) {
    model.itemFactors.row(i, row);
    for (let c = 0; c < o.factors; c++) y.set(i, c, row[c]!);
  }
  const conf = new Float32Array(profile.items.length);
  ratingConfidences(profile.values, o, conf);
  const cMinus1 = Matrix.zeros(model.itemCount, model.itemCount);
  const cp = Matrix.zeros(model.itemCount, 1);
  let weight = o.lambdaScale === 'weight' ? model.itemCount : 0;
  profile.items.forEach((i, t) => {
    const c = Math.abs(conf[t]!);
    cMinus1.set(i, i, c - 1);
    if (conf[t]! > 0) cp.set(i, 0, c);
    weight += o.lambdaScale === 'weight' ? c - 1 : conf[t]! > 0 ? 1 : 0;
  });
  const lambda = o.lambda * Math.pow(weight, o.nu);
  const a = y.transpose().mmul(y).add(y.transpose().mmul(cMinus1).mmul(y)).add(Matrix.eye(o.factors).mul(lambda));
  return solve(a, y.transpose().mmul(cp)).to1DArray();
}

/** ‖a − b‖ / ‖b‖ over the entries both have finite (a ranker's scores are -Infinity for rated items). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let c = 0; c < a.length; c++) {
    if (!(Number.isFinite(a[c]!) && Number.isFinite(b[c]!))) continue;
    d += (a[c]! - b[c]!) ** 2;
    n += b[c]! ** 2;
  }
  return Math.sqrt(d / n);
}

function fitted(train: TrainingSet, options: Partial<IalsOptions>, seed = 1): IalsModel {
  const m = new IalsModel(options);
  m.fit(train, { seed });
  return m;
}

describe('iALS confidences', () => {
  const values = Float32Array.of(5, 1.5, 4, 3.5, 2, 4.5); // mean 3.42
  const of = (options: Partial<IalsOptions>): number[] => {
    const out = new Float32Array(values.length);
    ratingConfidences(values, { ...DEFAULT_IALS, alpha: 2, ...options }, out);
    return Array.from(out);
  };

  it('"above-mean" weighs films at or above the user\'s mean by 1 + α and the rest as an unrated film (1)', () => {
    expect(of({ confidence: 'above-mean' })).toEqual([3, 1, 3, 3, 1, 3]);
  });

  it('"liked" keeps half the weight below the mean, "signed" makes it a confident 0', () => {
    expect(of({ confidence: 'liked' })).toEqual([3, 2, 3, 3, 2, 3]);
    expect(of({ confidence: 'signed' })).toEqual([3, -3, 3, 3, -3, 3]);
  });
});

describe('iALS fold-in', () => {
  const train = randomTrain(40, 30, 0.3, 11);
  it.each([
    ['binary, plain λ', { confidence: 'binary', nu: 0 }],
    ['liked, frequency-scaled λ', { confidence: 'liked', nu: 1, lambda: 0.02 }],
    ['signed (disliked items are confident zeros)', { confidence: 'signed', nu: 0.5 }],
    [
      'above-mean, λ per √(ratings) (as shipped)',
      { confidence: 'above-mean', nu: 0.5, lambdaScale: 'ratings', lambda: 2 },
    ],
    [
      'stars, λ per positive rating (as Spark MLlib)',
      { confidence: 'stars', nu: 1, lambdaScale: 'ratings', lambda: 0.1 },
    ],
  ] as const)('equals the direct dense solve (%s)', (_name, extra) => {
    const m = fitted(train, { ...SMALL, ...extra });
    const profile = makeProfile([0, 3, 7, 8, 21, 29], [5, 1.5, 4, 3.5, 2, 4.5], 30);
    const user = m.foldIn(profile);
    expect(relativeError(user.vector, directFoldIn(m, profile))).toBeLessThan(1e-10);
  });

  it("matches a training user's fitted vector once the exact fit has converged", () => {
    const m = fitted(train, { ...SMALL, solver: 'exact', epochs: 600 });
    const k = m.options.factors;
    for (const u of [0, 9, 27]) {
      const fromFit = m.trainUserFactors.subarray(u * k, (u + 1) * k);
      expect(relativeError(m.foldIn(profileOfUser(train, u)).vector, fromFit)).toBeLessThan(1e-5);
    }
  });

  it('of an empty profile is the zero vector', () => {
    const m = fitted(train, SMALL);
    const user = m.foldIn(makeProfile([], [], 30));
    expect(Array.from(user.vector)).toEqual(new Array(SMALL.factors).fill(0));
  });
});

describe('iALS solvers', () => {
  it('conjugate gradient reaches the exact row solutions given enough steps, and improves on fewer', () => {
    const train = randomTrain(30, 25, 0.35, 3);
    const o = { ...new IalsModel(SMALL).options };
    const k = o.factors;
    const { users } = ialsRows(train, o);
    const y = initialItemFactors(train.itemCount, { ...o, initScale: 3 }, 2);
    const g = gramian(y, train.itemCount, k);
    const exact = new Float32Array(train.userCount * k);
    solveRowsExact(0, users.rowCount, users, exact, y, g, hyperOf(o), exactScratch(k));
    const error = (steps: number): number => {
      const x = new Float32Array(train.userCount * k);
      solveRowsCg(0, users.rowCount, users, x, y, g, { ...hyperOf(o), cgSteps: steps }, cgScratch(k));
      return relativeError(x, exact);
    };
    expect(error(1)).toBeGreaterThan(error(3));
    expect(error(2 * k)).toBeLessThan(1e-5);
  });

  it('kernels refuse arrays that disagree with each other', () => {
    const train = randomTrain(10, 8, 0.4, 3);
    const o = new IalsModel(SMALL).options;
    const k = o.factors;
    const { users } = ialsRows(train, o);
    const y = initialItemFactors(8, o, 1);
    const g = gramian(y, 8, k);
    const x = new Float32Array(10 * k);
    const h = hyperOf(o);
    expect(() => solveRowsCg(0, 10, users, x.subarray(1), y, g, h, cgScratch(k))).toThrow(/solved factors/);
    expect(() => solveRowsCg(0, 10, users, x, y.subarray(k), g, h, cgScratch(k))).toThrow(/fixed factors/);
    expect(() => solveRowsExact(0, 10, users, x, y, g.subarray(1), h, exactScratch(k))).toThrow(/Gramian/);
    expect(() => solveRowsCg(5, 11, users, x, y, g, h, cgScratch(k))).toThrow(/rows 5..11/);
    const short = { ...users, confidence: users.confidence.subarray(1) };
    expect(() => solveRowsCg(0, 10, short, x, y, g, h, cgScratch(k))).toThrow(ShapeError);
  });

  it('the CG fit ranks like the exact fit', () => {
    const train = randomTrain(60, 40, 0.3, 5);
    const a = fitted(train, { ...SMALL, epochs: 12 });
    const b = fitted(train, { ...SMALL, epochs: 12, solver: 'exact' });
    const profile = profileOfUser(train, 4);
    const sa = new Float32Array(40);
    const sb = new Float32Array(40);
    a.score(profile, sa);
    b.score(profile, sb);
    expect(relativeError(sa, sb)).toBeLessThan(0.05);
  });

  it('repeats a fit exactly for the same seed and differs for another', () => {
    const train = randomTrain(20, 15, 0.4, 9);
    const a = fitted(train, SMALL, 4).itemFactors.toFloat32();
    expect(fitted(train, SMALL, 4).itemFactors.toFloat32()).toEqual(a);
    expect(fitted(train, SMALL, 5).itemFactors.toFloat32()).not.toEqual(a);
  });
});

describe('iALS explanations and similar items', () => {
  const train = randomTrain(50, 35, 0.3, 21);
  it.each(['binary', 'liked', 'signed', 'above-mean'] as const)('contributions sum to the score (%s)', (confidence) => {
    const m = fitted(train, { ...SMALL, confidence });
    const profile = makeProfile([1, 2, 5, 13, 20, 34], [4, 2, 5, 1, 3.5, 4.5], 35);
    const user = m.foldIn(profile);
    const items = [0, 6, 17, 33];
    m.explain(profile, items).forEach((c, k) => {
      expect(c).toHaveLength(profile.items.length);
      const sum = c.reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(m.itemScore(user, items[k]!), 5);
    });
    if (confidence === 'signed') {
      // Items rated below the profile's mean carry preference 0: they shape A but explain nothing.
      const [c] = m.explain(profile, [6]);
      expect(c![1]).toBe(0);
      expect(c![3]).toBe(0);
    }
  });

  it('a profile changed in place after its fold-in is folded in and explained afresh', () => {
    const m = fitted(train, SMALL);
    const fresh = (): IalsModel => {
      const other = new IalsModel();
      other.load(m.save());
      return other;
    };
    const profile = makeProfile([1, 2, 5, 13], [4, 2, 5, 1], 35);
    const before = m.foldIn(profile).vector;
    expect(m.explain(profile, [6])).toEqual(fresh().explain(profile, [6]));
    profile.values[2] = 1;
    const after = m.foldIn(profile).vector;
    expect(after).not.toEqual(before);
    expect(after).toEqual(fresh().foldIn(profile).vector);
    expect(m.explain(profile, [6])).toEqual(fresh().explain(profile, [6]));
    profile.items[3] = 14;
    expect(m.foldIn(profile).vector).toEqual(fresh().foldIn(profile).vector);
  });

  it('gives every item’s factor cosine to an item, 0 to the item itself', () => {
    const m = fitted(train, SMALL);
    const out = new Float32Array(35);
    m.cosines(3, out);
    expect(out[3]).toBe(0);
    for (let j = 0; j < 35; j++) if (j !== 3) expect(out[j]).toBeCloseTo(m.cosine(3, j), 5);
    expect(Math.max(...out)).toBeGreaterThan(0.1);
  });
});

describe('iALS shapes and state', () => {
  const train = randomTrain(30, 20, 0.3, 8);
  const m = fitted(train, SMALL);

  it('rejects bad input with a ShapeError that says what is wrong', () => {
    expect(() => m.foldIn({ items: Int32Array.of(20), values: Float32Array.of(3) })).toThrow(/outside 0..19/);
    expect(() => m.foldIn({ items: Int32Array.of(1, 1), values: Float32Array.of(3, 4) })).toThrow(ShapeError);
    expect(() => m.foldIn({ items: Int32Array.of(1), values: Float32Array.of(3, 4) })).toThrow(ShapeError);
    expect(() => m.score(makeProfile([1], [3], 20), new Float32Array(19))).toThrow(ShapeError);
    expect(() => m.explain(makeProfile([1], [3], 20), [25])).toThrow(ShapeError);
    expect(() => m.cosines(-1, new Float32Array(20))).toThrow(ShapeError);
    const broken = { ...train, userOffsets: train.userOffsets.subarray(1) };
    expect(() => new IalsModel(SMALL).fit(broken, { seed: 1 })).toThrow(ShapeError);
    expect(() => new IalsModel({ factors: 0 })).toThrow(RangeError);
    expect(() => new IalsModel({ lambda: 0 })).toThrow(RangeError);
    expect(() => new IalsModel({ alpha: Infinity })).toThrow(/alpha must be a finite number/);
    expect(() => new IalsModel({ lambda: Number.POSITIVE_INFINITY })).toThrow(/lambda must be a finite number/);
    expect(() => new IalsModel().foldIn(makeProfile([], [], 0))).toThrow(ShapeError);
  });

  it.each(['float32', 'float16', 'int8'] as const)('save/load round trip restores the same scores (%s)', (encoding) => {
    const a = fitted(train, { ...SMALL, encoding });
    const state = a.save();
    const b = new IalsModel();
    b.load(structuredClone(state));
    expect(b.options).toEqual(a.options);
    const profile = profileOfUser(train, 3);
    const sa = new Float32Array(20);
    const sb = new Float32Array(20);
    a.score(profile, sa);
    b.score(profile, sb);
    expect(sb).toEqual(sa);
    const codes = (state.itemFactors as ModelState).codes;
    expect(codes).toBeInstanceOf({ float32: Float32Array, float16: Uint16Array, int8: Int8Array }[encoding]);
    expect((codes as Float32Array).length).toBe(20 * SMALL.factors!);
  });

  it('refuses a state of the wrong shape or kind', () => {
    const state = m.save();
    const load = (s: typeof state): void => new IalsModel().load(s);
    expect(() => load({ ...state, model: 'mf' })).toThrow(/not "ials"/);
    expect(() => load({ ...state, itemCount: 21 })).toThrow(ShapeError);
    expect(() => load({ ...state, gram: new Float64Array(3) })).toThrow(/gram/);
    expect(() => load({ ...state, encoding: 'int8' })).toThrow(ShapeError);
    expect(() => load({ ...state, confidence: 'stars?' })).toThrow(ShapeError);
    expect(() => load({ ...state, lambdaScale: 'users' })).toThrow(/lambdaScale "users"/);
  });
});
