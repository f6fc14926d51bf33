/**
 * Building and slicing TrainingSets: from a Dataset, from coordinate (COO) triples, the item-major
 * transpose the item models need, and seeded k-fold splits of the ratings for evaluation.
 */
import type { Dataset } from './dataset.ts';
import { ShapeError, expectLength, type Profile, type TrainingSet } from '../model-contracts.ts';
import { permutation } from '../numeric/random.ts';

/** Ratings by item (CSC): users of item i are users[itemOffsets[i] .. itemOffsets[i+1]), ascending. */
export interface ItemMajor {
  itemOffsets: Uint32Array;
  users: Int32Array;
  values: Float32Array;
  /** Where each entry sits in the user-major (CSR) arrays. */
  positions: Uint32Array;
}

/** Ratings held out for testing, as coordinate triples. */
export interface RatingTriples {
  users: Int32Array;
  items: Int32Array;
  values: Float32Array;
}

export function ratingCountOf(train: TrainingSet): number {
  return train.items.length;
}

/** Throw a ShapeError unless offsets, indices and values agree and every index is in range and sorted. */
export function checkTrainingSet(train: TrainingSet): void {
  const { userCount, itemCount, userOffsets, items, values } = train;
  expectLength('TrainingSet.userOffsets', userOffsets.length, userCount + 1);
  expectLength('TrainingSet.values', values.length, items.length);
  if (userOffsets[0] !== 0 || userOffsets[userCount] !== items.length)
    throw new ShapeError(`TrainingSet.userOffsets must run from 0 to ${items.length}`);
  for (let u = 0; u < userCount; u++) {
    const start = userOffsets[u]!;
    const end = userOffsets[u + 1]!;
    if (end < start) throw new ShapeError(`TrainingSet.userOffsets decreases at user ${u}`);
    for (let k = start; k < end; k++) {
      const i = items[k]!;
      if (i < 0 || i >= itemCount)
        throw new ShapeError(`TrainingSet: user ${u} rates item ${i}, outside 0..${itemCount - 1}`);
      if (k > start && i <= items[k - 1]!)
        throw new ShapeError(`TrainingSet: user ${u}'s items are not strictly ascending at item ${i}`);
      if (!Number.isFinite(values[k]!))
        throw new ShapeError(`TrainingSet: user ${u}'s rating of item ${i} is not finite`);
    }
  }
}

/** The dataset's ratings as a TrainingSet (shares the dataset's arrays; nothing is copied). */
export function trainingSetFromDataset(d: Dataset): TrainingSet {
  return {
    userCount: d.userIds.length,
    itemCount: d.itemIds.length,
    userOffsets: d.userOffsets,
    items: d.ratingItems,
    values: d.ratingValues,
  };
}

/** A TrainingSet from triples in any order; throws on out-of-range indices and on duplicate (user, item) pairs. */
export function trainingSetFromTriples(userCount: number, itemCount: number, t: RatingTriples): TrainingSet {
  const n = t.users.length;
  expectLength('triples.items', t.items.length, n);
  expectLength('triples.values', t.values.length, n);
  const userOffsets = new Uint32Array(userCount + 1);
  for (let k = 0; k < n; k++) {
    const u = t.users[k]!;
    if (u < 0 || u >= userCount) throw new ShapeError(`triple ${k}: user ${u} outside 0..${userCount - 1}`);
    const i = t.items[k]!;
    if (i < 0 || i >= itemCount) throw new ShapeError(`triple ${k}: item ${i} outside 0..${itemCount - 1}`);
    userOffsets[u + 1]!++;
  }
  for (let u = 0; u < userCount; u++) userOffsets[u + 1]! += userOffsets[u]!;
  // Counting sort by user, then each row by item (rows are short: an index sort per row is cheap).
  const order = new Int32Array(n);
  const cursor = userOffsets.slice(0, userCount);
  for (let k = 0; k < n; k++) order[cursor[t.users[k]!]!++] = k;
  const items = new Int32Array(n);
  const values = new Float32Array(n);
  for (let u = 0; u < userCount; u++) {
    const start = userOffsets[u]!;
    const row = order.subarray(start, userOffsets[u + 1]!);
    row.sort((a, b) => t.items[a]! - t.items[b]!);
    for (let k = 0; k < row.length; k++) {
      items[start + k] = t.items[row[k]!]!;
      values[start + k] = t.values[row[k]!]!;
      if (k > 0 && items[start + k] === items[start + k - 1])
        throw new ShapeError(`triples: user ${u} rates item ${items[start + k]} twice`);
    }
  }
  return { userCount, itemCount, userOffsets, items, values };
}

/**
 * A seeded sample of whole users whose ratings add up to at most `maxRatings`: users are drawn in a seeded random
 * order and each is kept if it still fits, so the sample fills the budget without favouring light or heavy raters.
 * Kept users keep their relative order (renumbered from 0) and every item keeps its index. Returns `train` itself
 * when it already fits.
 */
export function sampleUsersWithin(train: TrainingSet, maxRatings: number, seed: number): TrainingSet {
  if (!(Number.isInteger(maxRatings) && maxRatings >= 0))
    throw new RangeError(`a sample's rating budget must be a whole number ≥ 0, got ${maxRatings}`);
  if (ratingCountOf(train) <= maxRatings) return train;
  const { userOffsets } = train;
  const keep = new Uint8Array(train.userCount);
  const order = permutation(train.userCount, seed);
  let total = 0;
  for (let t = 0; t < order.length && total < maxRatings; t++) {
    const u = order[t]!;
    const n = userOffsets[u + 1]! - userOffsets[u]!;
    if (total + n > maxRatings) continue;
    keep[u] = 1;
    total += n;
  }
  let userCount = 0;
  for (let u = 0; u < train.userCount; u++) userCount += keep[u]!;
  const offsets = new Uint32Array(userCount + 1);
  const items = new Int32Array(total);
  const values = new Float32Array(total);
  let v = 0;
  for (let u = 0; u < train.userCount; u++) {
    if (!keep[u]) continue;
    const start = userOffsets[u]!;
    const end = userOffsets[u + 1]!;
    const at = offsets[v]!;
    items.set(train.items.subarray(start, end), at);
    values.set(train.values.subarray(start, end), at);
    offsets[++v] = at + end - start;
  }
  return { userCount, itemCount: train.itemCount, userOffsets: offsets, items, values };
}

/** The item-major (CSC) copy of a TrainingSet; users within each item ascend. */
export function transposeToItemMajor(train: TrainingSet): ItemMajor {
  const { userCount, itemCount, userOffsets, items, values } = train;
  const itemOffsets = new Uint32Array(itemCount + 1);
  for (let k = 0; k < items.length; k++) itemOffsets[items[k]! + 1]!++;
  for (let i = 0; i < itemCount; i++) itemOffsets[i + 1]! += itemOffsets[i]!;
  const cursor = itemOffsets.slice(0, itemCount);
  const users = new Int32Array(items.length);
  const out = new Float32Array(items.length);
  const positions = new Uint32Array(items.length);
  for (let u = 0; u < userCount; u++) {
    for (let k = userOffsets[u]!; k < userOffsets[u + 1]!; k++) {
      const p = cursor[items[k]!]!++;
      users[p] = u;
      out[p] = values[k]!;
      positions[p] = k;
    }
  }
  return { itemOffsets, users, values: out, positions };
}

/** A training user's ratings as a Profile (views into the TrainingSet, not copies). */
export function profileOfUser(train: TrainingSet, user: number): Profile {
  if (user < 0 || user >= train.userCount) throw new ShapeError(`user ${user} outside 0..${train.userCount - 1}`);
  const start = train.userOffsets[user]!;
  const end = train.userOffsets[user + 1]!;
  return { items: train.items.subarray(start, end), values: train.values.subarray(start, end) };
}

/** Whether two profiles hold the same items and ratings, in the same order (a model's per-profile cache is valid). */
export function sameProfile(a: Profile, b: Profile): boolean {
  const n = a.items.length;
  if (b.items.length !== n || b.values.length !== n) return false;
  for (let t = 0; t < n; t++) if (a.items[t] !== b.items[t] || a.values[t] !== b.values[t]) return false;
  return true;
}

/**
 * Throw a ShapeError unless a profile has matching lengths and items in range: what a model that only looks items
 * up needs (checkProfile adds no duplicates and finite ratings).
 */
export function checkProfileItems(profile: Profile, itemCount: number): void {
  expectLength('profile values', profile.values.length, profile.items.length);
  for (const i of profile.items)
    if (i < 0 || i >= itemCount) throw new ShapeError(`profile item ${i} outside 0..${itemCount - 1}`);
}

/** Throw a ShapeError unless a profile has matching lengths, items in range, no duplicates and finite ratings. */
export function checkProfile(profile: Profile, itemCount: number): void {
  const { items, values } = profile;
  expectLength('profile values', values.length, items.length);
  const seen = new Set<number>();
  for (let k = 0; k < items.length; k++) {
    const i = items[k]!;
    if (i < 0 || i >= itemCount) throw new ShapeError(`profile item ${i} outside 0..${itemCount - 1}`);
    if (seen.has(i)) throw new ShapeError(`profile rates item ${i} twice`);
    if (!Number.isFinite(values[k]!)) throw new ShapeError(`profile rating of item ${i} is not finite`);
    seen.add(i);
  }
}

/**
 * Seeded k-fold assignment of ratings: a random permutation dealt round-robin, so fold sizes differ by at
 * most one. Entry k is the fold (0..folds-1) of rating k in CSR order.
 */
export function kFoldAssignment(ratingCount: number, folds: number, seed: number): Uint8Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > 255)
    throw new RangeError(`folds must be an integer in 2..255, got ${folds}`);
  const order = permutation(ratingCount, seed);
  const fold = new Uint8Array(ratingCount);
  for (let k = 0; k < ratingCount; k++) fold[order[k]!] = k % folds;
  return fold;
}

/** Split by a per-rating label: ratings labelled `testLabel` become test triples, the rest the TrainingSet. */
export function splitByLabel(
  train: TrainingSet,
  labels: Uint8Array,
  testLabel: number,
): { train: TrainingSet; test: RatingTriples } {
  const n = ratingCountOf(train);
  expectLength('fold labels', labels.length, n);
  let testCount = 0;
  for (let k = 0; k < n; k++) if (labels[k] === testLabel) testCount++;
  const userOffsets = new Uint32Array(train.userCount + 1);
  const items = new Int32Array(n - testCount);
  const values = new Float32Array(n - testCount);
  const test: RatingTriples = {
    users: new Int32Array(testCount),
    items: new Int32Array(testCount),
    values: new Float32Array(testCount),
  };
  let p = 0;
  let q = 0;
  for (let u = 0; u < train.userCount; u++) {
    for (let k = train.userOffsets[u]!; k < train.userOffsets[u + 1]!; k++) {
      if (labels[k] === testLabel) {
        test.users[q] = u;
        test.items[q] = train.items[k]!;
        test.values[q++] = train.values[k]!;
      } else {
        items[p] = train.items[k]!;
        values[p++] = train.values[k]!;
      }
    }
    userOffsets[u + 1] = p;
  }
  return { train: { userCount: train.userCount, itemCount: train.itemCount, userOffsets, items, values }, test };
}

/** Hold out a seeded random fraction of the ratings (e.g. 0.1 for a 90/10 split). */
export function holdOutFraction(
  train: TrainingSet,
  fraction: number,
  seed: number,
): { train: TrainingSet; test: RatingTriples } {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`hold-out fraction must be in (0, 1), got ${fraction}`);
  const n = ratingCountOf(train);
  const order = permutation(n, seed);
  const labels = new Uint8Array(n);
  const testCount = Math.round(n * fraction);
  for (let k = 0; k < testCount; k++) labels[order[k]!] = 1;
  return splitByLabel(train, labels, 1);
}
