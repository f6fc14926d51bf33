import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { ShapeError } from '../../../../src/engine/model-contracts.ts';
import { ITEM_SIMILARITIES, ItemKnnModel, type ItemSimilarity } from '../../../../src/engine/models/itemknn.ts';
import { profileOfUser } from '../../../../src/engine/dataset/training-set.ts';
import { makeProfile, randomTrain, ratingOf } from './fixtures.ts';

const USERS = 15;
const ITEMS = 12;
const SHRINK = 2;

/** Similarity of items i and j straight from the textbook formula, over the users who rated both. */
function directSimilarity(m: ItemKnnModel, t: TrainingSet, similarity: ItemSimilarity, i: number, j: number): number {
  const itemMean = (item: number) => mean([...Array(USERS).keys()].map((u) => ratingOf(t, u, item)));
  const userMean = (u: number) => mean([...Array(ITEMS).keys()].map((item) => ratingOf(t, u, item)));
  const centre = (u: number, item: number): number => {
    switch (similarity) {
      case 'pearson_baseline':
        return m.baseline.mean + m.baseline.trainUserBias[u]! + m.baseline.itemBias[item]!;
      case 'pearson':
        return itemMean(item);
      case 'adjusted_cosine':
        return userMean(u);
      default:
        return 0;
    }
  };
  let dot = 0;
  let xx = 0;
  let yy = 0;
  let n = 0;
  let ni = 0;
  let nj = 0;
  for (let u = 0; u < USERS; u++) {
    const ri = ratingOf(t, u, i);
    const rj = ratingOf(t, u, j);
    if (!Number.isNaN(ri)) ni++;
    if (!Number.isNaN(rj)) nj++;
    if (Number.isNaN(ri) || Number.isNaN(rj)) continue;
    const x = ri - centre(u, i);
    const y = rj - centre(u, j);
    dot += x * y;
    xx += x * x;
    yy += y * y;
    n++;
  }
  const raw = similarity === 'jaccard' ? n / (ni + nj - n) : xx * yy > 0 ? dot / Math.sqrt(xx * yy) : 0;
  return raw * ((n - 1) / (n - 1 + SHRINK));
}

function mean(values: number[]): number {
  const rated = values.filter((v) => !Number.isNaN(v));
  return rated.reduce((a, b) => a + b, 0) / rated.length;
}

function neighbourMap(m: ItemKnnModel, i: number): Map<number, number> {
  const { items, similarities } = m.neighbours(i);
  return new Map([...items].map((j, k) => [j, similarities[k]!]));
}

describe('ItemKnnModel similarities', () => {
  const train = randomTrain(USERS, ITEMS, 0.5, 21);

  it.each(ITEM_SIMILARITIES)('%s matches the direct formula on every pair, strongest first', (similarity) => {
    const m = new ItemKnnModel({ similarity, shrinkage: SHRINK, maxNeighbours: ITEMS });
    m.fit(train, { seed: 0 });
    let positives = 0;
    for (let i = 0; i < ITEMS; i++) {
      const got = neighbourMap(m, i);
      for (let j = 0; j < ITEMS; j++) {
        if (j === i) continue;
        const s = directSimilarity(m, train, similarity, i, j);
        if (s > 1e-6) {
          positives++;
          expect(got.get(j)).toBeCloseTo(s, 6);
        } else expect(got.has(j)).toBe(false);
      }
      const sims = [...m.neighbours(i).similarities];
      expect(sims).toEqual([...sims].sort((a, b) => b - a));
    }
    expect(positives).toBeGreaterThan(ITEMS); // the fixture has real structure to compare
  });

  it('keeps only the maxNeighbours strongest per item', () => {
    const all = new ItemKnnModel({ shrinkage: SHRINK, maxNeighbours: ITEMS });
    const top3 = new ItemKnnModel({ shrinkage: SHRINK, maxNeighbours: 3 });
    all.fit(train, { seed: 0 });
    top3.fit(train, { seed: 0 });
    for (let i = 0; i < ITEMS; i++) {
      const full = all.neighbours(i);
      const kept = top3.neighbours(i);
      expect(kept.items.length).toBe(Math.min(3, full.items.length));
      expect([...kept.items]).toEqual([...full.items.subarray(0, kept.items.length)]);
    }
  });
});

describe('ItemKnnModel predictions', () => {
  const train = randomTrain(USERS, ITEMS, 0.5, 5);

  it('is the baseline plus the similarity-weighted residuals of the k most similar rated items', () => {
    const k = 3;
    // pearson_baseline: continuous similarities, so the top k has no ties to break.
    const m = new ItemKnnModel({ similarity: 'pearson_baseline', shrinkage: SHRINK, k, maxNeighbours: ITEMS });
    m.fit(train, { seed: 0 });
    const profile = makeProfile([0, 2, 3, 5, 7, 8], [4, 1.5, 3, 5, 2.5, 4], ITEMS);
    const user = m.foldIn(profile);
    const rate = m.rater(profile);
    const b = (item: number) => m.baseline.mean + user.bias + m.baseline.itemBias[item]!;
    let checked = 0;
    for (const target of [1, 4, 6, 9, 10, 11]) {
      const neighbours = [...profile.items]
        .map((j, at) => ({ s: neighbourMap(m, target).get(j) ?? 0, residual: profile.values[at]! - b(j) }))
        .filter((x) => x.s > 0)
        .sort((a, c) => c.s - a.s)
        .slice(0, k);
      const total = neighbours.reduce((a, x) => a + x.s, 0);
      const raw = b(target) + (total > 0 ? neighbours.reduce((a, x) => a + x.s * x.residual, 0) / total : 0);
      expect(rate(target)).toBeCloseTo(Math.min(5, Math.max(0.5, raw)), 5);
      if (neighbours.length > 0) checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('falls back to the baseline without rated neighbours; refuses an item outside the catalogue', () => {
    const m = new ItemKnnModel();
    m.fit(train, { seed: 0 });
    const empty = makeProfile([], [], ITEMS);
    expect(m.rater(empty)(3)).toBeCloseTo(m.baseline.rater(empty)(3), 10);
    expect(() => m.rater(profileOfUser(train, 2))(ITEMS)).toThrowError(ShapeError);
    expect(() => m.neighbours(-1)).toThrowError(/item -1 outside/);
  });

  it('save/load restores identical predictions', () => {
    const m = new ItemKnnModel({ similarity: 'adjusted_cosine' });
    m.fit(train, { seed: 0 });
    const copy = new ItemKnnModel();
    copy.load(structuredClone(m.save()));
    expect(copy.options.similarity).toBe('adjusted_cosine');
    const p = profileOfUser(train, 6);
    for (let i = 0; i < ITEMS; i++) expect(copy.rater(p)(i)).toBe(m.rater(p)(i));
    expect(() => copy.load({ ...m.save(), similarity: 'euclid' })).toThrowError(/unknown similarity "euclid"/);
  });
});
