/**
 * How a list is ordered (sorts and the shown list's star band) is the engines' shared code (engine-base.ts): the
 * same cases run on the ratings-mode Engine and the model-mode ModelEngine.
 */
import { expect, it } from 'vitest';
import { genresOf } from '../../../../src/engine/dataset/dataset.ts';
import type { EngineBase } from '../../../../src/engine/engine-base.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import type {
  ModelModeAlgorithm,
  RatingsModeAlgorithm,
  Recommendation,
  RecommendSort,
} from '../../../../src/engine/recommend-types.ts';
import { STAR_AGREEMENT } from '../../../../src/engine/ranking/star-agreement.ts';

/** Stars as the app prints them. */
export const printed = (stars: number) => Math.round(stars * 10) / 10;

export interface ListOrderCase {
  engine: EngineBase<RatingsModeAlgorithm> | EngineBase<ModelModeAlgorithm>;
  profile: Profile;
  /** A genre of the dataset, for a filtered sort. */
  genre: string;
}

/** Registers the cases in the calling describe(); `get` is read when they run (after beforeAll). */
export function listOrderCases(get: () => ListOrderCase): void {
  it('never lists an item below one whose printed stars are more than the band lower, for every algorithm', () => {
    const { engine, profile } = get();
    const { min, max } = engine.dataset.manifest.ratingScale;
    const band = (STAR_AGREEMENT.band ?? 1) * (max - min);
    for (const algorithm of engine.algorithms) {
      const stars = engine
        .recommend(profile, { algorithm, limit: 30, diversity: 0.3 })
        .map((r) => printed(r.predicted));
      for (let a = 0; a < stars.length; a++)
        for (let b = a + 1; b < stars.length; b++)
          expect(stars[b]! - stars[a]!, algorithm).toBeLessThanOrEqual(band + 1e-9);
    }
  });

  it('sorts the same candidates by predicted stars, year or rating count, higher first', () => {
    const { engine, profile, genre } = get();
    const top = engine.recommend(profile, { limit: 20 });
    const keys = {
      predicted: (r: Recommendation) => r.predicted,
      newest: (r: Recommendation) => engine.dataset.years[r.item]!,
      popular: (r: Recommendation) => engine.popularity.counts[r.item]!,
    };
    const lists = Object.entries(keys).map(([sort, key]) => {
      const list = engine.recommend(profile, { limit: 20, sort: sort as RecommendSort });
      expect(list, sort).toHaveLength(20);
      const values = list.map(key);
      expect(values, sort).toEqual([...values].sort((a, b) => b - a));
      return list.map((r) => r.item);
    });
    // Each sort reaches past the first page of top picks, and they do not all pick the same.
    for (const items of lists) expect(items.some((item) => !top.some((r) => r.item === item))).toBe(true);
    expect(new Set(lists.map((items) => items.join())).size).toBe(lists.length);
    // Filters hold under every sort.
    const filtered = engine.recommend(profile, { limit: 10, sort: 'newest', genres: [genre] });
    expect(filtered.length).toBeGreaterThan(0);
    for (const r of filtered) expect(genresOf(engine.dataset, r.item)).toContain(genre);
    expect(() => engine.recommend(profile, { sort: 'random' as RecommendSort })).toThrow(/unknown sort "random"/);
  });

  it('lets diversity choose which candidates the other sorts sort, as it does for top picks', () => {
    const { engine, profile } = get();
    for (const sort of ['predicted', 'newest', 'popular'] as const) {
      const candidates = (diversity: number) =>
        new Set(engine.recommend(profile, { limit: 20, sort, diversity }).map((r) => r.item));
      const plain = candidates(0);
      const diverse = candidates(1);
      expect(diverse.size, sort).toBe(20);
      // The highest predictions can sit in both pools, so 'predicted' may show the same twenty; years and counts
      // say nothing of relevance, so those sorts show the pool as diversity chose it.
      if (sort !== 'predicted') expect([...diverse].filter((item) => !plain.has(item)).length, sort).toBeGreaterThan(0);
    }
  });
}
