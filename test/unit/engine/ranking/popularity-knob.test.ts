import { beforeAll, describe, expect, it } from 'vitest';
import { indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { withoutPopularHead } from '../../../../src/engine/ranking/rerank.ts';
import { bundledDataset } from './fixture.ts';
import { topK } from '../../../../src/engine/numeric/top-select.ts';

let d: Dataset;
let engine: RatingsEngine;
let counts: Float32Array;
/** The catalogue's 100 most rated items: what "Obscure" must not recommend. */
let hits: Set<number>;
/** Issue 10's new user: The Matrix 5, Toy Story 4.5, Heat 4, Titanic 1, Amélie 5. */
let profile: Profile;

beforeAll(() => {
  d = bundledDataset();
  engine = RatingsEngine.fitRanking(d, { seed: 1 });
  counts = engine.popularity.counts;
  hits = new Set(topK(counts, 100));
  profile = {
    items: Int32Array.from([2571, 1, 6, 1721, 4973], (id) => indexOfId(d.itemIds, id)),
    values: Float32Array.of(5, 4.5, 4, 1, 5),
  };
}, 60_000);

const ALGORITHMS = ['blend', 'ease', 'itemknn', 'popularity'] as const;

describe('the popularity knob on ml-latest-small', () => {
  it('at its obscure end keeps the 100 most rated items out of the first 10, for every ranker', () => {
    for (const algorithm of ALGORITHMS)
      for (const diversity of [0, 0.2]) {
        const list = engine.recommend(profile, { algorithm, limit: 10, popularity: -1, diversity });
        expect(list, algorithm).toHaveLength(10);
        expect(
          list.filter((r) => hits.has(r.item)).map((r) => d.titles[r.item]),
          algorithm,
        ).toEqual([]);
      }
  });

  it('leaves the hits in at the neutral setting, where this profile’s list is mostly hits', () => {
    const list = engine.recommend(profile, { limit: 10, popularity: 0 });
    expect(list.filter((r) => hits.has(r.item)).length).toBeGreaterThanOrEqual(5);
  });

  it('makes the first 10 less rated step by step towards obscure', () => {
    const meanCount = (knob: number) =>
      engine.recommend(profile, { limit: 10, popularity: knob }).reduce((s, r) => s + counts[r.item]!, 0) / 10;
    const means = [0, -0.25, -0.5, -1].map(meanCount);
    for (let t = 1; t < means.length; t++) expect(means[t]!).toBeLessThan(means[t - 1]!);
  });

  it('fills a long list at the obscure end for a profile of hits, in every sort', () => {
    // The ranker's best hundred for this profile are nearly all hits: the candidates that agree with the stars
    // must be drawn from what the knob leaves, not from those hundred.
    const hitsProfile: Profile = {
      items: Int32Array.from([2571, 1, 260, 356, 318, 296, 593, 480], (id) => indexOfId(d.itemIds, id)),
      values: Float32Array.of(5, 4.5, 5, 4, 5, 4.5, 4, 4),
    };
    const head = new Set(topK(counts, Math.floor(0.02 * counts.length)));
    for (const sort of ['top', 'predicted', 'newest', 'popular'] as const) {
      const list = engine.recommend(hitsProfile, { limit: 20, popularity: -1, sort });
      expect(list, sort).toHaveLength(20);
      expect(
        list.filter((r) => head.has(r.item)).map((r) => d.titles[r.item]),
        sort,
      ).toEqual([]);
    }
  });

  it('still fills the list when a filter leaves little besides the hits', () => {
    // Children's films of 2001: 12, of which 3 are among the catalogue's hits. A full list with them beats 9.
    const options = { limit: 10, popularity: -1, genres: ['Children'], years: { from: 2001, to: 2001 } };
    const list = engine.recommend(profile, options);
    expect(list).toHaveLength(10);
    expect(list.some((r) => topK(counts, Math.floor(0.02 * counts.length)).includes(r.item))).toBe(true);
  });
});

describe('withoutPopularHead', () => {
  const many = Float32Array.from({ length: 1000 }, (_, j) => j);
  const everything = new Uint8Array(1000).fill(1);

  it('drops nothing at or above the neutral setting', () => {
    for (const knob of [0, 0.5, 1]) expect(withoutPopularHead(everything, many, knob, 10)).toBe(everything);
  });

  it('drops the most rated 2% at −1 and proportionally fewer nearer 0', () => {
    const dropped = (knob: number) => 1000 - withoutPopularHead(everything, many, knob, 10).reduce((s, x) => s + x, 0);
    expect(dropped(-1)).toBe(20);
    expect(dropped(-0.5)).toBe(10);
    const kept = withoutPopularHead(everything, many, -1, 10);
    for (let j = 980; j < 1000; j++) expect(kept[j]).toBe(0);
    expect(kept[979]).toBe(1);
  });

  it('keeps the head when too few candidates would be left without it', () => {
    const onlyHits = new Uint8Array(1000);
    for (let j = 990; j < 1000; j++) onlyHits[j] = 1;
    expect(withoutPopularHead(onlyHits, many, -1, 5)).toBe(onlyHits);
  });
});
