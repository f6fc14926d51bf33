import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPopularityKnob, candidateMask, mmr, rerank } from '../../../../src/engine/ranking/rerank.ts';
import { genresOf } from '../../../../src/engine/dataset/dataset.ts';
import { bundledDataset } from './fixture.ts';
import { topK } from '../../../../src/engine/numeric/top-select.ts';
import { genreJaccard } from '../../../../src/engine/dataset/dataset.ts';

const d = bundledDataset();
const profile = { items: Int32Array.of(0, 5, 10), values: Float32Array.of(4, 3, 5) };

describe('candidateMask', () => {
  it('drops rated and excluded items and nothing else when no filter is set', () => {
    const mask = candidateMask(d, profile, { exclude: [7, 8] });
    for (const j of [0, 5, 10, 7, 8]) expect(mask[j]).toBe(0);
    const dropped = mask.reduce((n, v) => n + (v ? 0 : 1), 0);
    expect(dropped).toBe(5);
  });

  it('keeps only items with one of the wanted genres', () => {
    const mask = candidateMask(d, profile, { genres: ['Horror', 'Western'] });
    let kept = 0;
    mask.forEach((v, j) => {
      const g = genresOf(d, j);
      expect(v === 1).toBe(!profile.items.includes(j) && (g.includes('Horror') || g.includes('Western')));
      kept += v;
    });
    expect(kept).toBeGreaterThan(100);
  });

  it('keeps only years inside the range and drops items without a year', () => {
    const mask = candidateMask(d, profile, { years: { from: 1990, to: 1994 } });
    mask.forEach((v, j) => {
      if (v) expect(d.years[j]).toBeGreaterThanOrEqual(1990);
      if (v) expect(d.years[j]).toBeLessThanOrEqual(1994);
    });
    const open = candidateMask(d, profile, { years: { from: 2015 } });
    open.forEach((v, j) => v && expect(d.years[j]).toBeGreaterThanOrEqual(2015));
    expect(open.some((v) => v === 1)).toBe(true);
  });

  it('names the unknown genre and the known ones', () => {
    expect(() => candidateMask(d, profile, { genres: ['Horrer'] })).toThrow(/"Horrer".*Horror/);
  });
});

describe('topK', () => {
  it('equals a full stable sort, for any scores and mask', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, min: -10, max: 10 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (raw, k, keep) => {
          const scores = Float32Array.from(raw);
          const allowed = Uint8Array.from(scores, (_, j) => (keep[j] ? 1 : 0));
          const expected = Array.from(scores.keys())
            .filter((j) => allowed[j])
            .sort((a, b) => scores[b]! - scores[a]! || a - b)
            .slice(0, k);
          expect(Array.from(topK(scores, k, allowed))).toEqual(expected);
        },
      ),
    );
  });

  it('breaks ties by the tie-break values, then by index, like a full sort on the three keys', () => {
    fc.assert(
      fc.property(
        // Few distinct values, so that ties in both keys are common.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 70 }),
        (pairs, k) => {
          const scores = Float32Array.from(pairs, ([s]) => s);
          const tie = Float32Array.from(pairs, ([, t]) => t);
          const expected = Array.from(scores.keys())
            .sort((a, b) => scores[b]! - scores[a]! || tie[b]! - tie[a]! || a - b)
            .slice(0, k);
          expect(Array.from(topK(scores, k, undefined, tie))).toEqual(expected);
        },
      ),
    );
  });
});

describe('popularity knob', () => {
  // A pool in relevance order whose popularity is unrelated to its order.
  const pool = Int32Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
  const counts = Float32Array.from({ length: 100 }, (_, j) => j);
  const meanTop10 = (list: Int32Array): number =>
    Array.from(list.slice(0, 10)).reduce((s, j) => s + counts[j]!, 0) / 10;

  it('at 0 keeps the pool order', () => {
    expect(Array.from(applyPopularityKnob(pool, counts, 0))).toEqual(Array.from(pool));
  });

  it('raises the popularity of the top 10 towards +1 and lowers it towards −1', () => {
    const values = [-1, -0.5, 0, 0.5, 1].map((knob) => meanTop10(applyPopularityKnob(pool, counts, knob)));
    for (let t = 1; t < values.length; t++) expect(values[t]!).toBeGreaterThan(values[t - 1]!);
  });

  it('rejects values outside [-1, 1]', () => {
    expect(() => applyPopularityKnob(pool, counts, 1.5)).toThrow(/\[-1, 1\]/);
  });
});

describe('MMR diversity', () => {
  const similarity = genreJaccard(d);
  const intraListSimilarity = (list: Int32Array): number => {
    let s = 0;
    let n = 0;
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        s += similarity(list[a]!, list[b]!);
        n++;
      }
    return s / n;
  };
  // Relevance: the 200 most rated items.
  const scores = new Float32Array(d.itemIds.length);
  for (let k = 0; k < d.ratingItems.length; k++) scores[d.ratingItems[k]!]!++;
  const pool = topK(scores, 200);

  it('at 0 returns the head of the pool unchanged', () => {
    expect(Array.from(mmr(pool, 10, 0, similarity))).toEqual(Array.from(pool.slice(0, 10)));
  });

  it('cuts intra-list genre similarity by a fifth or more at any diversity ≥ 0.3, keeping the best item first', () => {
    // Each is compared with no diversity, not with the previous one: greedy MMR need not be monotone at the top.
    const sims = [0, 0.3, 0.7, 1].map((div) => intraListSimilarity(mmr(pool, 10, div, similarity)));
    for (let t = 1; t < sims.length; t++) expect(sims[t]!).toBeLessThan(sims[0]! * 0.8);
    expect(mmr(pool, 10, 1, similarity)[0]).toBe(pool[0]);
  });

  it('never repeats an item and never leaves the pool', () => {
    const list = Array.from(mmr(pool, 50, 0.8, similarity));
    expect(new Set(list).size).toBe(50);
    const inPool = new Set(pool);
    for (const j of list) expect(inPool.has(j)).toBe(true);
  });
});

describe('rerank', () => {
  it('returns `limit` allowed items and honours the knob and diversity together', () => {
    const scores = Float32Array.from({ length: d.itemIds.length }, (_, j) => -j);
    const allowed = candidateMask(d, profile, { genres: ['Drama'] });
    const counts = Float32Array.from({ length: d.itemIds.length }, (_, j) => j % 17);
    const list = rerank(scores, allowed, { limit: 15, popularity: 1, diversity: 0.5 }, counts, genreJaccard(d));
    expect(list.length).toBe(15);
    for (const j of list) expect(allowed[j]).toBe(1);
  });
});

describe('rerank with equal scores', () => {
  it('puts the more rated item first, not the one with the lower index', () => {
    // All zero: what a neighbour model gives for a genre it has no neighbours in.
    const scores = new Float32Array(d.itemIds.length);
    const allowed = new Uint8Array(d.itemIds.length).fill(1);
    const counts = Float32Array.from({ length: d.itemIds.length }, (_, j) => (j * 7919) % 101);
    const list = Array.from(rerank(scores, allowed, { limit: 10 }, counts, genreJaccard(d)));
    const byCount = Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]! || a - b);
    expect(list).toEqual(byCount.slice(0, 10));
  });
});

describe('rerank input checks', () => {
  it('names a bad limit', () => {
    const scores = new Float32Array(d.itemIds.length);
    const allowed = new Uint8Array(d.itemIds.length).fill(1);
    expect(() => rerank(scores, allowed, { limit: 2.5 }, scores, genreJaccard(d))).toThrow(/limit must be/);
    expect(rerank(scores, allowed, { limit: 0 }, scores, genreJaccard(d))).toHaveLength(0);
  });
});
