import { beforeAll, describe, expect, it } from 'vitest';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import { ENGINE_VERSION } from '../../../../src/engine/recommender.ts';
import { genreJaccard, genresOf, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { candidateMask } from '../../../../src/engine/ranking/rerank.ts';
import { STAR_AGREEMENT } from '../../../../src/engine/ranking/star-agreement.ts';
import { listOrderCases, printed } from '../ranking/list-order-cases.ts';
import { bundledDataset, firstUsers } from '../ranking/fixture.ts';
import { topK } from '../../../../src/engine/numeric/top-select.ts';

let d: Dataset;
let engine: RatingsEngine;
// Toy Story, Jumanji, Heat, Pulp Fiction-era favourites and one dislike, by external id.
let profile: Profile;

function byId(id: number): number {
  const i = d.itemIds.indexOf(id);
  if (i < 0) throw new Error(`movieId ${id} missing`);
  return i;
}

beforeAll(() => {
  // 150 users keep the fit short; the catalogue stays whole.
  d = firstUsers(bundledDataset(), 150);
  engine = RatingsEngine.fit(d, { seed: 1 });
  profile = {
    items: Int32Array.from([1, 2, 6, 296, 356, 318, 19].map(byId)),
    values: Float32Array.of(5, 4, 4.5, 5, 4, 5, 1),
  };
  // The fit takes seconds alone, and the machine may be shared: allow far more than the hook's default.
}, 60_000);

describe('RatingsEngine.recommend', () => {
  it('never returns a rated or excluded item, nor one twice', () => {
    const first = engine.recommend(profile, { limit: 20 });
    expect(first).toHaveLength(20);
    const excluded = first.slice(0, 5).map((r) => r.item);
    const second = engine.recommend(profile, { limit: 20, exclude: excluded });
    const rated = new Set(profile.items);
    for (const list of [first, second]) {
      expect(new Set(list.map((r) => r.item)).size).toBe(list.length);
      for (const r of list) expect(rated.has(r.item)).toBe(false);
    }
    for (const r of second) expect(excluded).not.toContain(r.item);
  });

  it('ranks by score, labels a rating on the scale and explains with rated items', () => {
    // A plain ranker's list holds its best-scored items, in score order wherever the stars agree within the band
    // (the default one also weighs its stars in choosing them: star-agreement tests).
    const ranked = engine.recommend(profile, { limit: 10, algorithm: 'ease' });
    const best = Array.from(topK(engine.scores(profile, 'ease'), 10, candidateMask(d, profile)));
    expect(ranked.map((r) => r.item).sort((a, b) => a - b)).toEqual([...best].sort((a, b) => a - b));
    const band = (STAR_AGREEMENT.band ?? 1) * (d.manifest.ratingScale.max - d.manifest.ratingScale.min);
    for (let t = 1; t < ranked.length; t++) {
      const [above, below] = [ranked[t - 1]!, ranked[t]!];
      if (below.score > above.score) expect(printed(above.predicted)).toBeGreaterThan(printed(below.predicted) + band);
      else expect(printed(below.predicted)).toBeLessThanOrEqual(printed(above.predicted) + band + 1e-9);
    }
    const list = engine.recommend(profile, { limit: 10 });
    for (const r of list) {
      expect(r.predicted).toBeGreaterThanOrEqual(d.manifest.ratingScale.min);
      expect(r.predicted).toBeLessThanOrEqual(d.manifest.ratingScale.max);
      expect(r.because.length).toBeLessThanOrEqual(3);
      // The strongest reason has weight 1; it may not lead the card (the list varies its leads).
      if (r.because.length > 0) expect(Math.max(...r.because.map((c) => c.weight))).toBe(1);
      for (const c of r.because) expect(Array.from(profile.items)).toContain(c.item);
    }
    expect(list.filter((r) => r.because.length > 0).length).toBeGreaterThanOrEqual(8);
  });

  listOrderCases(() => ({ engine, profile, genre: 'Animation' }));

  it('honours genre and year filters for every algorithm', () => {
    for (const algorithm of ['blend', 'ease', 'itemknn', 'mf', 'popularity'] as const) {
      const list = engine.recommend(profile, { algorithm, limit: 10, genres: ['Animation'], years: { from: 2000 } });
      expect(list.length).toBe(10);
      for (const r of list) {
        expect(genresOf(d, r.item)).toContain('Animation');
        expect(d.years[r.item]).toBeGreaterThanOrEqual(2000);
      }
    }
  });

  it('moves towards obscure items with the popularity knob at −1 and popular ones at +1', () => {
    const counts = new Float32Array(d.itemIds.length);
    for (const j of d.ratingItems) counts[j]!++;
    const mean = (knob: number): number =>
      engine.recommend(profile, { limit: 10, popularity: knob }).reduce((s, r) => s + counts[r.item]!, 0) / 10;
    expect(mean(-1)).toBeLessThan(mean(0));
    expect(mean(1)).toBeGreaterThan(mean(-1));
  });

  it('recommends popular items to an empty profile', () => {
    const empty = { items: new Int32Array(0), values: new Float32Array(0) };
    expect(engine.recommend(empty, { limit: 5 }).map((r) => r.item)).toEqual(engine.popular(5));
  });

  it('rejects a profile with an unknown item', () => {
    expect(() => engine.recommend({ items: Int32Array.of(1e6), values: Float32Array.of(4) })).toThrow(/outside/);
  });
});

describe('RatingsEngine state', () => {
  it('survives structured clone: identical recommendations and predictions', () => {
    const copy = RatingsEngine.load(d, structuredClone(engine.save()));
    const a = engine.recommend(profile, { limit: 15, diversity: 0.4 });
    const b = copy.recommend(profile, { limit: 15, diversity: 0.4 });
    expect(b).toEqual(a);
    expect(copy.predict(profile, [10, 20, 30])).toEqual(engine.predict(profile, [10, 20, 30]));
  });

  it('refuses a state from another engine version or dataset', () => {
    const state = engine.save();
    expect(() => RatingsEngine.load(d, { ...state, version: ENGINE_VERSION + 1 })).toThrow(/version/);
    const smaller = { ...d, itemIds: d.itemIds.slice(0, 100) };
    expect(() => RatingsEngine.load(smaller, state)).toThrow(/items/);
  });

  it('fits the same model twice for the same seed', () => {
    const again = RatingsEngine.fit(d, { seed: 1 });
    expect(again.recommend(profile, { limit: 10 })).toEqual(engine.recommend(profile, { limit: 10 }));
  });

  it('reports fit progress from 0 to 1, never backwards', () => {
    const seen: number[] = [];
    RatingsEngine.fit(firstUsers(bundledDataset(), 60), { seed: 2, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(5);
    for (let t = 1; t < seen.length; t++) expect(seen[t]!).toBeGreaterThanOrEqual(seen[t - 1]!);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('staged fit', () => {
  it('ranks by the same scores as the full fit before its predictor exists, labelling stars on the scale', () => {
    const staged = RatingsEngine.fitRanking(d, { seed: 1 });
    expect(staged.predictorReady).toBe(false);
    const early = staged.recommend(profile, { limit: 15 });
    const full = engine.recommend(profile, { limit: 15 });
    expect(staged.scores(profile)).toEqual(engine.scores(profile));
    // The lists themselves may differ a little: each demotes by the stars it shows (bias ones until stage 2).
    const fullScores = engine.scores(profile);
    for (const r of early) expect(r.score).toBe(fullScores[r.item]);
    for (const r of early) {
      expect(r.predicted).toBeGreaterThanOrEqual(d.manifest.ratingScale.min);
      expect(r.predicted).toBeLessThanOrEqual(d.manifest.ratingScale.max);
    }
    // Bias-only labels differ from the blend's: the fallback is really in use until stage 2.
    expect(early.map((r) => r.predicted)).not.toEqual(full.map((r) => r.predicted));
    expect(staged.similar(byId(1), 10)).toEqual(engine.similar(byId(1), 10));
    expect(staged.predictorReady).toBe(false);
  });

  it('matches the full fit once fitPredictor has run, and reports its progress forward to 1', () => {
    const staged = RatingsEngine.fitRanking(d, { seed: 1 });
    const seen: number[] = [];
    staged.fitPredictor({ onProgress: (f) => seen.push(f) });
    expect(staged.predictorReady).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    for (let t = 1; t < seen.length; t++) expect(seen[t]!).toBeGreaterThan(seen[t - 1]!);
    expect(seen.at(-1)).toBe(1);
    expect(staged.recommend(profile, { limit: 15 })).toEqual(engine.recommend(profile, { limit: 15 }));
  });

  it('fits the predictor in a later task, once, when asked or when a request needs it', async () => {
    const staged = RatingsEngine.fitRanking(d, { seed: 1 });
    const later = staged.fitPredictorLater(0);
    expect(staged.predictorReady).toBe(false);
    expect(staged.fitPredictorLater(0)).toBe(later);
    await later;
    expect(staged.predictorReady).toBe(true);
    expect(staged.predict(profile, [10, 20, 30])).toEqual(engine.predict(profile, [10, 20, 30]));
    // MF ranking needs the predictor: it is fitted on the spot rather than failing.
    const onDemand = RatingsEngine.fitRanking(d, { seed: 1 });
    expect(onDemand.recommend(profile, { algorithm: 'mf', limit: 5 })).toEqual(
      engine.recommend(profile, { algorithm: 'mf', limit: 5 }),
    );
    expect(onDemand.predictorReady).toBe(true);
  });

  it('adopts a predictor fitted elsewhere (another worker) as if it had fitted it itself', () => {
    const staged = RatingsEngine.fitRanking(d, { seed: 1 });
    const state = structuredClone(RatingsEngine.fitPredictorState(d, { seed: 1 }));
    expect(() => staged.usePredictor({ ...state, model: 'mf' })).toThrow(/blend/);
    expect(staged.predictorReady).toBe(false);
    staged.usePredictor(state);
    expect(staged.predictorReady).toBe(true);
    expect(staged.recommend(profile, { limit: 15 })).toEqual(engine.recommend(profile, { limit: 15 }));
    expect(staged.save()).toEqual(engine.save());
  });

  it('saves a whole state even before stage 2, so the cache never holds half an engine', () => {
    const staged = RatingsEngine.fitRanking(d, { seed: 1 });
    const copy = RatingsEngine.load(d, structuredClone(staged.save()));
    expect(staged.predictorReady).toBe(true);
    expect(copy.predictorReady).toBe(true);
    expect(copy.recommend(profile, { limit: 10 })).toEqual(engine.recommend(profile, { limit: 10 }));
  });
});

describe('RatingsEngine.similar, explain, popular, predict', () => {
  it('finds neighbours of an item, never the item itself, best first', () => {
    const toyStory = byId(1);
    const list = engine.similar(toyStory, 10);
    expect(list).toHaveLength(10);
    expect(list.map((s) => s.item)).not.toContain(toyStory);
    for (let t = 1; t < list.length; t++) expect(list[t]!.score).toBeLessThanOrEqual(list[t - 1]!.score);
    // By hand: the co-raters' asymmetric cosine co / (n_i^0.3 · n_j^0.7), shrunk by co / (co + 10), times
    // ½ + the genres' Jaccard overlap, and a hundredth of that for an item with no genre in common.
    const raters = new Map<number, Set<number>>();
    for (let u = 0; u < d.userIds.length; u++)
      for (let k = d.userOffsets[u]!; k < d.userOffsets[u + 1]!; k++) {
        const j = d.ratingItems[k]!;
        if (!raters.has(j)) raters.set(j, new Set());
        raters.get(j)!.add(u);
      }
    const mine = raters.get(toyStory)!;
    const jaccard = genreJaccard(d);
    let best = 0;
    for (const [j, set] of raters) {
      if (j === toyStory) continue;
      let both = 0;
      for (const u of set) if (mine.has(u)) both++;
      const overlap = jaccard(toyStory, j);
      const score =
        (both / (mine.size ** 0.3 * set.size ** 0.7)) * (both / (both + 10)) * (0.5 + overlap) * (overlap ? 1 : 0.01);
      best = Math.max(best, score);
    }
    expect(list[0]!.score).toBeCloseTo(best, 5);
    expect(list.map((s) => d.titles[s.item])).toContain('Toy Story 2 (1999)');
  });

  it('explains with the profile items that pull the score up, strongest first', () => {
    const item = engine.recommend(profile, { limit: 1 })[0]!.item;
    const reasons = engine.explain(profile, item);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]!.weight).toBe(1);
    for (let t = 1; t < reasons.length; t++) expect(reasons[t]!.weight).toBeLessThanOrEqual(reasons[t - 1]!.weight);
    for (const r of reasons) {
      const t = Array.from(profile.items).indexOf(r.item);
      expect(t).toBeGreaterThanOrEqual(0);
      expect(r.rating).toBe(profile.values[t]);
    }
  });

  it('explains Toy Story 2 with Toy Story', () => {
    const reasons = engine.explain(profile, byId(3114));
    expect(reasons[0]!.item).toBe(byId(1));
  });

  it('lists the most rated items, within a genre when asked', () => {
    const counts = new Float32Array(d.itemIds.length);
    for (const j of d.ratingItems) counts[j]!++;
    const top = engine.popular(5);
    for (let t = 1; t < top.length; t++) expect(counts[top[t]!]!).toBeLessThanOrEqual(counts[top[t - 1]!]!);
    const max = Math.max(...counts);
    expect(counts[top[0]!]).toBe(max);
    for (const j of engine.popular(5, { genres: ['Horror'] })) expect(genresOf(d, j)).toContain('Horror');
  });

  it('predicts ratings on the scale with each algorithm, and refuses unknown items', () => {
    for (const algorithm of ['blend', 'ease', 'itemknn', 'mf', 'popularity'] as const) {
      for (const p of engine.predict(profile, [0, 100, 500], algorithm)) {
        expect(p).toBeGreaterThanOrEqual(0.5);
        expect(p).toBeLessThanOrEqual(5);
      }
    }
    expect(() => engine.predict(profile, [-1])).toThrow(/outside/);
  });
});

describe('RatingsEngine input checks', () => {
  it('names an algorithm it does not have, and the ones it has', () => {
    expect(() => engine.recommend(profile, { algorithm: 'svd' as never })).toThrow(
      /algorithm "svd" is not available for this dataset \(ratings mode\): expected one of blend, itemknn, mf, ease/,
    );
    expect(() => engine.recommend(profile, { algorithm: 'ials' })).toThrow(/"ials" is not available/);
  });
});
