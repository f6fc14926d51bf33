import { describe, expect, it } from 'vitest';
import { ShapeError, type TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { mulberry32, permutation } from '../../../../src/engine/numeric/random.ts';
import {
  checkProfile,
  checkTrainingSet,
  holdOutFraction,
  kFoldAssignment,
  profileOfUser,
  sampleUsersWithin,
  splitByLabel,
  trainingSetFromTriples,
  transposeToItemMajor,
} from '../../../../src/engine/dataset/training-set.ts';
import { makeProfile, randomTrain, ratingOf } from '../models/fixtures.ts';

const triples = (users: number[], items: number[], values: number[]) => ({
  users: Int32Array.from(users),
  items: Int32Array.from(items),
  values: Float32Array.from(values),
});

describe('trainingSetFromTriples', () => {
  it('groups by user and sorts each row by item, whatever the input order', () => {
    const t = trainingSetFromTriples(3, 4, triples([2, 0, 2, 0, 1], [1, 3, 0, 0, 2], [5, 4, 3, 2, 1]));
    expect([...t.userOffsets]).toEqual([0, 2, 3, 5]);
    expect([...t.items]).toEqual([0, 3, 2, 0, 1]);
    expect([...t.values]).toEqual([2, 4, 1, 3, 5]);
    expect(() => checkTrainingSet(t)).not.toThrow();
  });

  it('names duplicates and out-of-range indices', () => {
    expect(() => trainingSetFromTriples(2, 2, triples([0, 0], [1, 1], [3, 4]))).toThrowError(
      /user 0 rates item 1 twice/,
    );
    expect(() => trainingSetFromTriples(2, 2, triples([2], [0], [3]))).toThrowError(/triple 0: user 2 outside 0\.\.1/);
    expect(() => trainingSetFromTriples(2, 2, triples([0], [-1], [3]))).toThrowError(ShapeError);
    expect(() => trainingSetFromTriples(2, 2, { ...triples([0], [0], [3]), values: new Float32Array(2) })).toThrowError(
      /triples.values: expected length 1, got 2/,
    );
  });
});

describe('checkTrainingSet', () => {
  it('rejects unsorted rows, bad offsets and non-finite ratings', () => {
    const good = trainingSetFromTriples(2, 3, triples([0, 0, 1], [0, 2, 1], [1, 2, 3]));
    expect(() => checkTrainingSet({ ...good, items: Int32Array.from([2, 0, 1]) })).toThrowError(
      /not strictly ascending/,
    );
    expect(() => checkTrainingSet({ ...good, userOffsets: Uint32Array.from([0, 2, 2]) })).toThrowError(
      /must run from 0 to 3/,
    );
    expect(() => checkTrainingSet({ ...good, values: Float32Array.from([1, NaN, 3]) })).toThrowError(/not finite/);
    expect(() => checkTrainingSet({ ...good, itemCount: 2 })).toThrowError(/item 2, outside 0\.\.1/);
  });
});

describe('transposeToItemMajor', () => {
  it('lists every rating under its item, users ascending, with its CSR position', () => {
    const t = randomTrain(9, 7, 0.4, 3);
    const m = transposeToItemMajor(t);
    expect(m.itemOffsets[t.itemCount]).toBe(t.items.length);
    for (let i = 0; i < t.itemCount; i++) {
      const expected: number[] = [];
      for (let u = 0; u < t.userCount; u++) if (!Number.isNaN(ratingOf(t, u, i))) expected.push(u);
      const users = [...m.users.subarray(m.itemOffsets[i]!, m.itemOffsets[i + 1]!)];
      expect(users).toEqual(expected);
      for (let k = m.itemOffsets[i]!; k < m.itemOffsets[i + 1]!; k++) {
        expect(m.values[k]).toBe(ratingOf(t, m.users[k]!, i));
        expect(t.items[m.positions[k]!]).toBe(i);
      }
    }
  });
});

describe('profiles', () => {
  it('views a training user’s row', () => {
    const t = randomTrain(5, 6, 0.5, 1);
    const p = profileOfUser(t, 3);
    expect([...p.items]).toEqual([...t.items.subarray(t.userOffsets[3]!, t.userOffsets[4]!)]);
    expect(() => profileOfUser(t, 5)).toThrowError(/user 5 outside 0\.\.4/);
  });

  it('checks items, duplicates and lengths', () => {
    expect(makeProfile([2, 0], [4, 3.5], 3).items).toEqual(Int32Array.from([2, 0]));
    expect(() => makeProfile([3], [4], 3)).toThrowError(/profile item 3 outside 0\.\.2/);
    expect(() => makeProfile([1, 1], [4, 3], 3)).toThrowError(/rates item 1 twice/);
    expect(() => checkProfile({ items: Int32Array.from([0]), values: new Float32Array(2) }, 3)).toThrowError(
      ShapeError,
    );
  });
});

describe('seeded splits', () => {
  it('permutation and mulberry32 repeat exactly for a seed and differ across seeds', () => {
    expect([...permutation(50, 7)]).toEqual([...permutation(50, 7)]);
    expect([...permutation(50, 7)]).not.toEqual([...permutation(50, 8)]);
    expect([...permutation(50, 7)].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    const a = mulberry32(1);
    const b = mulberry32(1);
    for (let k = 0; k < 100; k++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('k-fold assignment: balanced folds, deterministic per seed', () => {
    const f = kFoldAssignment(103, 5, 9);
    const sizes = [0, 0, 0, 0, 0];
    for (const x of f) sizes[x]!++;
    expect(sizes).toEqual([21, 21, 21, 20, 20]);
    expect([...kFoldAssignment(103, 5, 9)]).toEqual([...f]);
    expect([...kFoldAssignment(103, 5, 10)]).not.toEqual([...f]);
    expect(() => kFoldAssignment(10, 1, 0)).toThrowError(RangeError);
  });

  it('splitByLabel partitions the ratings exactly into train and test', () => {
    const t = randomTrain(12, 10, 0.5, 4);
    const labels = kFoldAssignment(t.items.length, 3, 2);
    const seen = new Set<string>();
    for (let fold = 0; fold < 3; fold++) {
      const { train, test } = splitByLabel(t, labels, fold);
      expect(() => checkTrainingSet(train)).not.toThrow();
      expect(train.items.length + test.items.length).toBe(t.items.length);
      for (let k = 0; k < test.items.length; k++) {
        const key = `${test.users[k]},${test.items[k]}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(test.values[k]).toBe(ratingOf(t, test.users[k]!, test.items[k]!));
        expect(ratingOf(train, test.users[k]!, test.items[k]!)).toBeNaN();
        if (k > 0) expect(test.users[k]! >= test.users[k - 1]!).toBe(true);
      }
    }
    expect(seen.size).toBe(t.items.length);
  });

  it('holdOutFraction holds out the rounded share', () => {
    const t = randomTrain(20, 15, 0.5, 5);
    const { train, test } = holdOutFraction(t, 0.25, 1);
    expect(test.items.length).toBe(Math.round(t.items.length * 0.25));
    expect(train.items.length).toBe(t.items.length - test.items.length);
    expect(() => holdOutFraction(t, 1, 1)).toThrowError(RangeError);
  });
});

describe('sampleUsersWithin', () => {
  /** Each row of a TrainingSet as "item:value,…", in user order. */
  const rows = (t: TrainingSet): string[] =>
    Array.from({ length: t.userCount }, (_, u) => {
      const p = profileOfUser(t, u);
      return Array.from(p.items, (i, k) => `${i}:${p.values[k]}`).join(',');
    });

  it('keeps whole users, in their order, whose ratings fit the budget, and fills it', () => {
    const t = randomTrain(60, 30, 0.3, 3);
    const budget = Math.floor(t.items.length / 3);
    const sample = sampleUsersWithin(t, budget, 5);
    expect(() => checkTrainingSet(sample)).not.toThrow();
    expect(sample.itemCount).toBe(t.itemCount);
    expect(sample.items.length).toBeLessThanOrEqual(budget);
    expect(sample.userCount).toBeLessThan(t.userCount);
    // Every sampled row is one of the original rows, unchanged, and they come in the original order.
    const all = rows(t);
    const kept = new Set<number>();
    let from = 0;
    for (const row of rows(sample)) {
      const at = all.indexOf(row, from);
      expect(at).toBeGreaterThanOrEqual(from);
      kept.add(at);
      from = at + 1;
    }
    // Filled: no user left out would still have fitted.
    for (let u = 0; u < t.userCount; u++)
      if (!kept.has(u)) expect(sample.items.length + t.userOffsets[u + 1]! - t.userOffsets[u]!).toBeGreaterThan(budget);
  });

  it('draws the users by the seed, and returns the data itself when it already fits', () => {
    const t = randomTrain(60, 30, 0.3, 3);
    const budget = Math.floor(t.items.length / 2);
    expect(rows(sampleUsersWithin(t, budget, 5))).toEqual(rows(sampleUsersWithin(t, budget, 5)));
    expect(rows(sampleUsersWithin(t, budget, 6))).not.toEqual(rows(sampleUsersWithin(t, budget, 5)));
    expect(sampleUsersWithin(t, t.items.length, 5)).toBe(t);
    expect(() => sampleUsersWithin(t, -1, 5)).toThrowError(RangeError);
  });
});
