/**
 * The ratings in the plain layout: what the range-coded ratings section (ratings-section.ts) is measured against
 * (`npm run snapshot`), kept as a working codec so that the comparison is with data that round-trips.
 * User ids as differences, each user's rating count, then each user's ratings in time order (ties by item): items,
 * values as indices into the palette of distinct values, and times as differences from the previous rating (in
 * time order they are small: people rate in sessions).
 */
import type { Dataset } from '../dataset/dataset.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';
import { paletteOf, sortByItemWithinUsers, type RatingsPart } from './ratings-section.ts';

export function writePlainRatings(d: Dataset, w: SectionWriter): void {
  const n = d.ratingItems.length;
  const palette = paletteOf(d.ratingValues);
  const index = new Map<number, number>(); // bit pattern → palette index
  new Uint32Array(palette.buffer).forEach((bits, i) => index.set(bits, i));
  const valueBits = new Uint32Array(d.ratingValues.buffer, d.ratingValues.byteOffset, n);
  const order = Array.from({ length: n }, (_, k) => k);
  for (let u = 0; u < d.userIds.length; u++) {
    const own = order.slice(d.userOffsets[u]!, d.userOffsets[u + 1]!);
    own.sort((a, b) => d.ratingTimes[a]! - d.ratingTimes[b]! || d.ratingItems[a]! - d.ratingItems[b]!);
    own.forEach((k, j) => (order[d.userOffsets[u]! + j] = k));
  }
  w.deltas('ratings.users', d.userIds);
  w.ints(
    'ratings.counts',
    Array.from({ length: d.userIds.length }, (_, u) => d.userOffsets[u + 1]! - d.userOffsets[u]!),
  );
  w.ints(
    'ratings.items',
    order.map((k) => d.ratingItems[k]!),
  );
  w.typed('ratings.palette', palette);
  w.ints(
    'ratings.values',
    order.map((k) => index.get(valueBits[k]!)!),
  );
  w.deltas(
    'ratings.times',
    order.map((k) => d.ratingTimes[k]!),
  );
}

export function readPlainRatings(
  r: SectionReader,
  userCount: number,
  ratingCount: number,
  itemCount: number,
): RatingsPart {
  const bad = (what: string) => new SnapshotError(`snapshot ratings are corrupt: ${what}`);
  const users = r.deltas('ratings.users', userCount);
  const counts = r.ints('ratings.counts', userCount);
  const items = r.ints('ratings.items', ratingCount);
  const palette = r.typed('ratings.palette', Float32Array, r.lengthOf('ratings.palette', Float32Array));
  const values = r.ints('ratings.values', ratingCount);
  const userIds = new Int32Array(userCount);
  const userOffsets = new Uint32Array(userCount + 1);
  const ratingItems = new Int32Array(ratingCount);
  const ratingValues = new Float32Array(ratingCount);
  let k = 0;
  for (let u = 0; u < userCount; u++) {
    const id = users[u]!;
    if (!(Number.isInteger(id) && id > (u ? users[u - 1]! : 0) && id <= 0x7fffffff)) throw bad('user ids out of order');
    userIds[u] = id;
    userOffsets[u] = k;
    const end = k + counts[u]!;
    if (!(Number.isInteger(end) && end > k && end <= ratingCount)) throw bad('a rating count out of range');
    for (; k < end; k++) {
      const item = items[k]!;
      const v = values[k]!;
      if (!(item >= 0 && item < itemCount)) throw bad('item out of range');
      if (!(v >= 0 && v < palette.length)) throw bad('rating value out of range');
      ratingItems[k] = item;
      ratingValues[k] = palette[v]!;
    }
  }
  if (k !== ratingCount) throw bad(`${k} ratings decoded, the header announces ${ratingCount}`);
  userOffsets[userCount] = k;
  const ratingTimes = r.deltas('ratings.times', ratingCount);
  sortByItemWithinUsers(userOffsets, itemCount, ratingItems, ratingValues, ratingTimes, bad);
  return { userIds, userOffsets, ratingItems, ratingValues, ratingTimes };
}
