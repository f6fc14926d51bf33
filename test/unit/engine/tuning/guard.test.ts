/** The tune's last word (guardShippedList): a list that ranks clearly below one of its own parts does not ship. */
import { describe, expect, it } from 'vitest';
import { RatingsRankers } from '../../../../src/engine/ratings-mode/rankers.ts';
import { BlendModel } from '../../../../src/engine/models/predict-blend.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import {
  componentPools,
  guardShippedList,
  prepareFolds,
  searchStarWeight,
  type ShippedList,
} from '../../../../src/engine/tuning/search.ts';
import { clusteredDataset } from './clustered.ts';

const SHAPE = { users: 400, items: 300, clusters: 6, ratingsPerUser: 20, seed: 4 };

function guardOn(tuned: ShippedList) {
  const d = clusteredDataset({ ...SHAPE, exposure: 'taste', values: 'taste', genres: 'cluster' });
  const train = trainingSetFromDataset(d);
  const notes: string[] = [];
  const note = (line: string) => notes.push(line);
  const [prepared] = prepareFolds(d, train, 1, 1, note)!;
  const { blend } = new RatingsRankers(d);
  blend.fit(prepared!.split.train, { seed: 1 });
  const fold = { ...prepared!, components: blend.parts.map((p) => p.ranker) };
  const pools = componentPools(fold);
  const stars = searchStarWeight(fold, pools, tuned, [new BlendModel()], 1, note);
  return {
    shipped: guardShippedList(
      blend.parts.map((p) => p.name),
      { ...tuned, starWeight: stars.weight },
      stars,
      note,
    ),
    notes,
  };
}

describe('guardShippedList', () => {
  it('replaces a list ruled by popularity with the single part that clearly ranks better', () => {
    // EASE, implicit-KNN, popularity, content: popularity far above the anchor buries each user's own cluster.
    const ruled = { weights: Float64Array.of(1, 0, 100, 0), beta: 0, starWeight: 7, band: 1 / 6 };
    const { shipped, notes } = guardOn(ruled);
    expect(notes.at(-1)).toMatch(/the tuned list ranks at [\d.]+% of \S+ alone on the search users; .* chosen/);
    expect(shipped.weights[2]).toBe(0);
    expect([shipped.beta, shipped.starWeight, shipped.band]).toEqual([0, 0, 1]);
  });

  it('turns the star steps off where they bury what users pick, and ships the list within reach of its best part', () => {
    // Taste clusters whose values the stars read poorly: the shown list's band reorders good picks away.
    const defaults = { weights: Float64Array.of(1, 0.05, 0, 0.1), beta: 0.2, starWeight: 7, band: 1 / 6 };
    const banded = guardOn(defaults);
    expect(banded.notes.at(-1)).toMatch(/ranks at [\d.]+% of .* on the search users; .* chosen/);
    expect([banded.shipped.starWeight, banded.shipped.band]).toEqual([0, 1]);
    const plain = guardOn({ ...defaults, starWeight: 0, band: 1 });
    expect(plain.shipped.weights).toEqual(defaults.weights);
    expect(plain.shipped.beta).toBe(0.2);
    expect(plain.notes.at(-1)).toMatch(/the tuned list ranks at [\d.]+% of the best alternative .*: shipped/);
  });
});
