import { describe, expect, it } from 'vitest';
import { PopularityModel } from '../../../../src/engine/models/popularity.ts';
import { ContentModel, buildItemTerms } from '../../../../src/engine/models/content.ts';
import { trainingSetFromDataset, trainingSetFromTriples } from '../../../../src/engine/dataset/training-set.ts';
import { bundledDataset, firstUsers } from '../ranking/fixture.ts';

describe('popularity', () => {
  // Item 0: rated by one person; item 1: by two; item 2: unrated.
  const train = trainingSetFromTriples(2, 3, {
    users: Int32Array.of(0, 0, 1),
    items: Int32Array.of(0, 1, 1),
    values: Float32Array.of(5, 3, 4),
  });

  it('scores by rating count, the profile’s own items last', () => {
    const m = new PopularityModel();
    m.fit(train, { seed: 1 });
    const out = new Float32Array(3);
    m.score({ items: new Int32Array(0), values: new Float32Array(0) }, out);
    expect(Array.from(out)).toEqual([1, 2, 0]);
    m.score({ items: Int32Array.of(1), values: Float32Array.of(4) }, out);
    expect(Array.from(out)).toEqual([1, -Infinity, 0]);
  });
});

describe('content', () => {
  const d = bundledDataset();
  const vectors = buildItemTerms(d);

  it('builds unit-length TF-IDF rows over genres and tags', () => {
    for (let i = 0; i < 200; i++) {
      let norm = 0;
      for (let e = vectors.offsets[i]!; e < vectors.offsets[i + 1]!; e++) norm += vectors.weights[e]! ** 2;
      if (vectors.offsets[i + 1]! > vectors.offsets[i]!) expect(norm).toBeCloseTo(1, 5);
    }
    expect(vectors.termCount).toBeGreaterThan(d.genres.length);
  });

  it('finds items with the same genres and tags more similar, and ranks by the profile’s liked genres', () => {
    const m = new ContentModel(firstUsers(d, 50));
    m.fit(trainingSetFromDataset(firstUsers(d, 50)), { seed: 1 });
    const byId = (id: number): number => d.itemIds.indexOf(id);
    // Toy Story vs Toy Story 2 (same genres, shared tags) vs Heat (no genre in common).
    expect(m.similarity(byId(1), byId(3114))).toBeGreaterThan(m.similarity(byId(1), byId(6)));
    expect(m.similarity(byId(1), byId(1))).toBeCloseTo(1, 5);
    const profile = { items: Int32Array.of(byId(1), byId(6)), values: Float32Array.of(5, 1) };
    const out = new Float32Array(d.itemIds.length);
    m.score(profile, out);
    // The item most like the disliked Heat ranks below Toy Story 2, like the loved Toy Story.
    let likeHeat = -1;
    for (let j = 0; j < d.itemIds.length; j++)
      if (j !== byId(6) && (likeHeat < 0 || m.similarity(byId(6), j) > m.similarity(byId(6), likeHeat))) likeHeat = j;
    expect(m.similarity(byId(6), likeHeat)).toBeGreaterThan(0.5);
    expect(out[byId(3114)]!).toBeGreaterThan(out[likeHeat]!);
    expect(out[byId(1)]).toBe(-Infinity);
  });
});
