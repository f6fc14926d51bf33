/**
 * The model-mode engine on a decoded snapshot: it fits nothing, folds a user in as a direct solve does, and answers
 * every query with the invariants the ratings-mode engine keeps.
 */
import { Matrix, solve } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { genreJaccard, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { loadEngine } from '../../../../src/engine/load-engine.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { ModelEngine } from '../../../../src/engine/model-mode/model-engine.ts';
import { ratingConfidences } from '../../../../src/engine/models/ials.ts';
import { decodeSnapshotParts, encodeSnapshot } from '../../../../src/engine/snapshot/codec.ts';
import { listOrderCases } from '../ranking/list-order-cases.ts';
import { makeProfile } from '../models/fixtures.ts';
import { smallDataset, smallModels } from './fixtures.ts';

let full: Dataset;
let engine: ModelEngine;
let profile: Profile;
beforeAll(() => {
  full = smallDataset();
  const parts = decodeSnapshotParts(encodeSnapshot(full, 'coded', null, smallModels(full)));
  engine = ModelEngine.fromSnapshot(parts.dataset, parts.models!, parts.tuning);
  // Three of the most rated items, liked and disliked.
  const byCount = engine.popular(6);
  profile = makeProfile([byCount[0]!, byCount[2]!, byCount[5]!], [5, 4.5, 1], full.itemIds.length);
});

/** Item factors as a dense ml-matrix, dequantised as the engine scores them. */
function factorsOf(rows: number, cols: number, row: (i: number, out: Float64Array) => void): Matrix {
  const m = new Matrix(rows, cols);
  const r = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    row(i, r);
    for (let c = 0; c < cols; c++) m.set(i, c, r[c]!);
  }
  return m;
}

describe('ModelEngine', () => {
  it('ranks by the factors of a user folded in by one solve of the iALS normal equations', () => {
    const ials = engine.rankers.ials;
    const o = ials.options;
    const y = factorsOf(ials.itemCount, o.factors, (i, out) => ials.itemFactors.row(i, out));
    const conf = new Float32Array(profile.items.length);
    ratingConfidences(profile.values, o, conf);
    // λ_u = λ·W^ν, W the count of positive ratings ("ratings") or the row's total weight (ials-kernels.ts).
    const weight =
      o.lambdaScale === 'ratings'
        ? conf.filter((c) => c > 0).length
        : ials.itemCount + conf.reduce((s, c) => s + Math.abs(c) - 1, 0);
    let a = y
      .transpose()
      .mmul(y)
      .add(Matrix.eye(o.factors).mul(o.lambda * Math.pow(weight, o.nu)));
    const b = Matrix.zeros(o.factors, 1);
    profile.items.forEach((i, t) => {
      const yi = y.getRowVector(i);
      a = a.add(
        yi
          .transpose()
          .mmul(yi)
          .mul(conf[t]! - 1),
      );
      b.add(yi.transpose().mul(conf[t]!));
    });
    const expected = y.mmul(solve(a, b)).to1DArray();
    const scores = engine.scores(profile, 'ials');
    const rated = new Set(profile.items);
    for (let i = 0; i < expected.length; i++)
      if (rated.has(i)) expect(scores[i]).toBe(-Infinity);
      else expect(scores[i]).toBeCloseTo(expected[i]!, 4);
  });

  it('predicts stars by MF’s closed-form fold-in, a ridge solve on [1, q_i]', () => {
    const mf = engine.predictor.inner;
    const f = mf.options.factors;
    const n = profile.items.length;
    const x = new Matrix(n, f + 1);
    const r = Matrix.zeros(n, 1);
    profile.items.forEach((i, t) => {
      x.set(t, 0, 1);
      for (let c = 0; c < f; c++) x.set(t, c + 1, mf.itemFactors[i * f + c]!);
      r.set(t, 0, profile.values[t]! - mf.mean - mf.itemBias[i]!);
    });
    const lambda = mf.options.regularization * n + mf.options.foldInPrior;
    const w = solve(
      x
        .transpose()
        .mmul(x)
        .add(Matrix.eye(f + 1).mul(lambda)),
      x.transpose().mmul(r),
    ).to1DArray();
    const items = [0, 7, 42, 99];
    const predicted = engine.predict(profile, items, 'mf');
    items.forEach((i, k) => {
      let raw = mf.mean + w[0]! + mf.itemBias[i]!;
      for (let c = 0; c < f; c++) raw += w[c + 1]! * mf.itemFactors[i * f + c]!;
      expect(predicted[k]).toBeCloseTo(Math.min(mf.range.max, Math.max(mf.range.min, raw)), 4);
    });
    expect(engine.predict(profile, items)).toEqual(predicted);
  });

  it('recommends unrated, allowed items with stars on the scale and reasons from the profile', () => {
    const { min, max } = full.manifest.ratingScale;
    for (const algorithm of engine.algorithms) {
      const list = engine.recommend(profile, { algorithm, limit: 12, exclude: [3] });
      expect(list).toHaveLength(12);
      const items = list.map((r) => r.item);
      expect(new Set(items).size).toBe(12);
      for (const r of list) {
        expect(profile.items).not.toContain(r.item);
        expect(r.item).not.toBe(3);
        expect(r.predicted).toBeGreaterThanOrEqual(min);
        expect(r.predicted).toBeLessThanOrEqual(max);
        for (const c of r.because) expect(profile.items).toContain(c.item);
      }
    }
    expect(() => engine.recommend(profile, { algorithm: 'ease' })).toThrow(
      /"ease" is not available for this dataset \(model mode\): expected one of blend, ials, mf, popularity/,
    );
  });

  listOrderCases(() => ({ engine, profile, genre: engine.dataset.genres[0]! }));

  it('explains an iALS score as the sum of each rated item’s share (Hu et al.)', () => {
    const item = engine.recommend(profile, { algorithm: 'ials', limit: 1 })[0]!.item;
    const [shares] = engine.rankers.ials.explain(profile, [item]);
    const sum = shares!.reduce((s, c) => s + c, 0);
    expect(sum).toBeCloseTo(engine.scores(profile, 'ials')[item]!, 4);
    const reasons = engine.explain(profile, item);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]!.weight).toBe(1);
  });

  it('finds similar items by factor cosine weighed by shared genres, never the item itself, best first', () => {
    const item = engine.popular(1)[0]!;
    const similar = engine.similar(item, 8);
    expect(similar).toHaveLength(8);
    expect(similar.map((s) => s.item)).not.toContain(item);
    for (let k = 1; k < similar.length; k++) expect(similar[k - 1]!.score).toBeGreaterThanOrEqual(similar[k]!.score);
    // By hand: cosine × (½ + genre Jaccard), a hundredth of that without a genre in common.
    const jaccard = genreJaccard(full);
    expect(full.genreOffsets[item + 1]).toBeGreaterThan(full.genreOffsets[item]!);
    const weighed = (j: number) => {
      const cosine = Math.max(0, engine.rankers.ials.cosine(item, j));
      const overlap = jaccard(item, j);
      return cosine * (0.5 + overlap) * (overlap === 0 ? 0.01 : 1);
    };
    const best = Math.max(...Array.from({ length: full.itemIds.length }, (_, j) => (j === item ? 0 : weighed(j))));
    expect(similar[0]!.score).toBeCloseTo(best, 5);
    expect(similar[0]!.score).toBeCloseTo(weighed(similar[0]!.item), 5);
  });

  it('starts a new user from the most rated items', () => {
    const empty = makeProfile([], [], full.itemIds.length);
    const counts = engine.popularity.counts;
    const list = engine.recommend(empty, { limit: 5 }).map((r) => r.item);
    expect(list).toEqual(engine.popular(5));
    for (let k = 1; k < list.length; k++) expect(counts[list[k - 1]!]!).toBeGreaterThanOrEqual(counts[list[k]!]!);
  });

  it('comes back from its saved state answering the same', () => {
    const state = structuredClone(engine.save());
    const again = loadEngine(engine.dataset, state);
    expect(again.mode).toBe('model');
    expect(again.recommend(profile, { limit: 10 })).toEqual(engine.recommend(profile, { limit: 10 }));
    const { content: _content, ...withoutContent } = state;
    expect(() => loadEngine(engine.dataset, withoutContent as typeof state)).toThrow(/lacks its models/);
  });
});
