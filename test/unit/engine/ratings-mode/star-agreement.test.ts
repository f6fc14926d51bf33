/**
 * RatingsEngine.recommend's default list agrees with its own star labels, in both states of a staged fit: with the
 * bias stars of fitRanking() and with the predictor blend's after fitPredictor(). Profiles are real users'
 * ratings; the raw order is the rank blend's own top 10 (what recommend returned before the re-rank).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { candidateMask } from '../../../../src/engine/ranking/rerank.ts';
import { ratingRangeOf } from '../../../../src/engine/models/rating-range.ts';
import { orderShownList, profileMean } from '../../../../src/engine/ranking/star-agreement.ts';
import { bundledDataset, firstUsers } from '../ranking/fixture.ts';
import { topK } from '../../../../src/engine/numeric/top-select.ts';

let engine: RatingsEngine;
let profiles: Profile[];

beforeAll(() => {
  const d = firstUsers(bundledDataset(), 150);
  engine = RatingsEngine.fitRanking(d, { seed: 1 });
  // Half of each of the first 40 users' ratings as a new user's profile (the rest is what they'd discover).
  profiles = Array.from({ length: 40 }, (_, u) => {
    const s = d.userOffsets[u]!;
    const n = Math.max(2, (d.userOffsets[u + 1]! - s) >> 1);
    return { items: d.ratingItems.slice(s, s + n), values: d.ratingValues.slice(s, s + n) };
  });
}, 60_000);

/** Items of the lists predicted below their user's mean: the default list and the rank blend's raw top 10. */
function belowMean(): { shown: number; raw: number } {
  let shown = 0;
  let raw = 0;
  for (const profile of profiles) {
    const mean = profileMean(profile);
    const list = engine.recommend(profile, { limit: 10 }).map((r) => r.item);
    const rawList = Array.from(topK(engine.scores(profile), 10, candidateMask(engine.dataset, profile)));
    const [a, b] = [engine.predict(profile, list), engine.predict(profile, rawList)];
    shown += a.filter((p) => p < mean).length;
    raw += b.filter((p) => p < mean).length;
  }
  return { shown, raw };
}

describe('RatingsEngine.recommend star agreement', () => {
  it('shows fewer items predicted below the user mean than the raw ranking, before and after stage 2', () => {
    const staged = belowMean();
    expect(engine.predictorReady).toBe(false);
    expect(staged.raw).toBeGreaterThan(0);
    expect(staged.shown).toBeLessThan(0.7 * staged.raw);
    engine.fitPredictor();
    const fitted = belowMean();
    expect(fitted.raw).toBeGreaterThan(0);
    expect(fitted.shown).toBeLessThan(0.7 * fitted.raw);
  }, 60_000);

  it("leaves other algorithms their ranker's choice, in its order but for the star band", () => {
    const profile = profiles[0]!;
    const list = engine.recommend(profile, { limit: 10, algorithm: 'ease' }).map((r) => r.item);
    const raw = topK(engine.scores(profile, 'ease'), 10, candidateMask(engine.dataset, profile));
    const stars = (item: number) => engine.predict(profile, [item])[0]!;
    expect(list).toEqual(
      Array.from(orderShownList(raw, stars, ratingRangeOf({ values: engine.dataset.ratingValues }))),
    );
  });
});
