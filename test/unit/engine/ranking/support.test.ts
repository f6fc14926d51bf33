/**
 * Every algorithm the switcher offers lists films a person would accept (issue 16): for a typical profile its first 10
 * are films enough people rated to vouch for them, in both modes; asked for obscure films, an algorithm weighed by
 * support reaches the few-ratings ones again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { ratingSummaryOf } from '../../../../src/engine/dataset/rating-totals.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { ModelEngine } from '../../../../src/engine/model-mode/model-engine.ts';
import { fitShippedModels } from '../../../../src/engine/model-mode/shipped-models.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import { bundledDataset, FILM_LOVER, profileOfIds } from './fixture.ts';

/** Ratings the least rated of a typical profile's first 10 must have (ml-latest-small's median film has 3). */
const MIN_SUPPORT = 20;

let d: Dataset;
let profile: Profile;
let engines: (RatingsEngine | ModelEngine)[];

beforeAll(() => {
  d = bundledDataset();
  // Issue 16's profile, with Pulp Fiction, Shawshank and The Godfather.
  profile = profileOfIds(d, [...FILM_LOVER, [296, 4], [318, 5], [858, 4.5]]);
  const summary = ratingSummaryOf(d.ratingItems, d.ratingValues, d.itemIds.length);
  const models = fitShippedModels(trainingSetFromDataset(d), 1, undefined, { factors: 32, epochs: 6 });
  engines = [RatingsEngine.fit(d, { seed: 1 }), ModelEngine.fromSnapshot({ ...d, ratingSummary: summary }, models)];
}, 240_000);

describe('the first 10 of every algorithm, for a profile of ten well-known films', () => {
  it(`are films at least ${MIN_SUPPORT} people rated`, () => {
    for (const engine of engines)
      for (const algorithm of engine.algorithms) {
        const counts = engine.popularity.counts;
        const support = engine.recommend(profile, { algorithm, limit: 10 }).map((r) => counts[r.item]!);
        expect(Math.min(...support), `${engine.mode} mode, ${algorithm}`).toBeGreaterThanOrEqual(MIN_SUPPORT);
      }
  });

  it('reach films a handful of people rated when asked for obscure ones', () => {
    for (const engine of engines) {
      const counts = engine.popularity.counts;
      const least = (popularity: number) =>
        Math.min(...engine.recommend(profile, { algorithm: 'mf', limit: 10, popularity }).map((r) => counts[r.item]!));
      expect(least(-1), `${engine.mode} mode`).toBeLessThan(MIN_SUPPORT);
      expect(least(-1)).toBeLessThan(least(0));
    }
  });
});
