import { describe, expect, it } from 'vitest';
import { ImplicitKnnModel } from '../../../../src/engine/models/implicit-knn.ts';
import { selectLargestKeys } from '../../../../src/engine/numeric/top-select.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { trainingSetFromTriples } from '../../../../src/engine/dataset/training-set.ts';

const USERS = 30;
const ITEMS = 25;
const rng = mulberry32(9);
const rated: boolean[][] = Array.from({ length: USERS }, () => Array.from({ length: ITEMS }, () => rng() < 0.3));
const triples = { users: [] as number[], items: [] as number[], values: [] as number[] };
rated.forEach((row, u) =>
  row.forEach((r, i) => {
    if (!r) return;
    triples.users.push(u);
    triples.items.push(i);
    triples.values.push(1 + Math.floor(rng() * 5));
  }),
);
const train = trainingSetFromTriples(USERS, ITEMS, {
  users: Int32Array.from(triples.users),
  items: Int32Array.from(triples.items),
  values: Float32Array.from(triples.values),
});

/** Cosine of two 0/1 item columns, by hand. */
function cosine(a: number, b: number): number {
  let both = 0;
  let na = 0;
  let nb = 0;
  for (const row of rated) {
    if (row[a] && row[b]) both++;
    if (row[a]) na++;
    if (row[b]) nb++;
  }
  return na && nb ? both / Math.sqrt(na * nb) : 0;
}

describe('implicit item-KNN', () => {
  it('keeps each item’s k most co-rated neighbours with their 0/1 cosine', () => {
    const model = new ImplicitKnnModel({ neighbours: 4 });
    model.fit(train, { seed: 1 });
    for (let i = 0; i < ITEMS; i++) {
      const got = model.neighbours(i, 4);
      const expected = Array.from({ length: ITEMS }, (_, j) => j)
        .filter((j) => j !== i && cosine(i, j) > 0)
        .map((j) => ({ item: j, score: cosine(i, j) }))
        .sort((a, b) => b.score - a.score || b.item - a.item)
        .slice(0, 4);
      expect(got.map((g) => g.score)).toEqual(expected.map((e) => expect.closeTo(e.score, 6)));
      // Same similarity values, and every kept neighbour is a true top-4 value.
      for (const g of got) expect(g.score).toBeCloseTo(cosine(i, g.item), 6);
    }
  });

  it('scores an item by summing its similarities to the profile', () => {
    const model = new ImplicitKnnModel({ neighbours: ITEMS });
    model.fit(train, { seed: 1 });
    const profile = { items: Int32Array.of(2, 7, 11), values: Float32Array.of(5, 3, 4) };
    const out = new Float32Array(ITEMS);
    model.score(profile, out);
    for (let j = 0; j < ITEMS; j++) {
      if (profile.items.includes(j)) {
        expect(out[j]).toBe(-Infinity);
        continue;
      }
      const expected = [2, 7, 11].reduce((s, i) => s + cosine(i, j), 0);
      expect(out[j]).toBeCloseTo(expected, 5);
    }
  });

  it('selects the m largest keys in descending order', () => {
    const keys = Float64Array.of(5, 1, 9, 3, 7, 7, 2, 8);
    expect(selectLargestKeys(keys, 8, 3)).toBe(3);
    expect(Array.from(keys.subarray(0, 3))).toEqual([9, 8, 7]);
    const few = Float64Array.of(2, 4);
    expect(selectLargestKeys(few, 2, 5)).toBe(2);
    expect(Array.from(few)).toEqual([4, 2]);
  });

  it('restores identical neighbours from a structured clone of its state', () => {
    const model = new ImplicitKnnModel({ neighbours: 5 });
    model.fit(train, { seed: 1 });
    const copy = new ImplicitKnnModel();
    copy.load(structuredClone(model.save()));
    expect(copy.neighbours(3, 5)).toEqual(model.neighbours(3, 5));
  });
});
