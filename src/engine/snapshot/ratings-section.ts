/** Ratings section: users, per-user rating counts, and each user's (time, item, value) in time order. */
import type { Dataset } from '../dataset/dataset.ts';
import { SnapshotError } from './errors.ts';
import { bucketDepthFor, unzigzag, UIntCoder, zigzag } from './int-coder.ts';
import { PopularityRanks } from './popularity-ranks.ts';
import { RangeDecoder, RangeEncoder, type BitIO } from './range-coder.ts';
import { RatingsModel } from './ratings-model.ts';

export interface RatingsPart {
  userIds: Int32Array;
  userOffsets: Uint32Array;
  ratingItems: Int32Array;
  ratingValues: Float32Array;
  ratingTimes: Float64Array;
}

/** The distinct rating values, ascending: values are coded as palette indices. */
export function paletteOf(values: Float32Array): Float32Array {
  // Distinct by bit pattern, so that -0 and 0 (equal as numbers) both survive.
  const patterns = new Set(new Uint32Array(values.buffer, values.byteOffset, values.length));
  return new Float32Array(Uint32Array.from(patterns).buffer).sort();
}

function codePalette(io: BitIO, palette: Float32Array | null): Float32Array {
  const sizes = new UIntCoder(1);
  const n = sizes.code(io, 0, palette ? palette.length : 0);
  if (n > 1 << 16) throw new SnapshotError(`ratings palette of ${n} values: the snapshot is corrupt`);
  const out = new Float32Array(n);
  const bits = new Uint32Array(out.buffer);
  const src = palette ? new Uint32Array(palette.buffer, palette.byteOffset, palette.length) : null;
  for (let i = 0; i < n; i++) {
    const v = src ? src[i]! : 0;
    bits[i] = ((io.direct(16, v >>> 16) << 16) | io.direct(16, v & 0xffff)) >>> 0;
  }
  return out;
}

export function encodeRatings(d: Dataset): Uint8Array {
  const io = new RangeEncoder();
  const n = d.ratingItems.length;
  const palette = codePalette(io, paletteOf(d.ratingValues));
  const valueIndex = new Map<number, number>(); // bit pattern → palette index
  new Uint32Array(palette.buffer).forEach((bits, i) => valueIndex.set(bits, i));
  const valueBits = new Uint32Array(d.ratingValues.buffer, d.ratingValues.byteOffset, n);
  let timed = 0;
  for (let k = 0; k < n; k++) if (!Number.isNaN(d.ratingTimes[k]!)) timed++;
  if (timed !== 0 && timed !== n) throw new RangeError('ratings must all have a timestamp or none');
  const hasTimes = io.direct(1, timed > 0 ? 1 : 0);

  // The largest time gap sets the depth of the gap bucket tree (5 levels for gaps below 2^31 s).
  let maxGap = 0;
  for (let u = 0; u < d.userIds.length; u++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = d.userOffsets[u]!; k < d.userOffsets[u + 1]!; k++) {
      lo = Math.min(lo, d.ratingTimes[k]!);
      hi = Math.max(hi, d.ratingTimes[k]!);
    }
    if (hasTimes && hi > lo) maxGap = Math.max(maxGap, hi - lo);
  }
  const gapDepth = io.direct(3, bucketDepthFor(maxGap));
  const model = new RatingsModel(palette.length, d.itemIds.length, gapDepth);
  const ranks = new PopularityRanks(d.itemIds.length);
  let prevUser = 0;
  let prevFirstTime = 0;
  for (let u = 0; u < d.userIds.length; u++) {
    model.userIdGaps.code(io, 0, d.userIds[u]! - prevUser - 1);
    prevUser = d.userIds[u]!;
    const start = d.userOffsets[u]!;
    const end = d.userOffsets[u + 1]!;
    model.counts.code(io, 0, end - start - 1);
    model.startUser(end - start);
    // Time order; within a second, ascending current rank (decided per group, ranks frozen in a group).
    const order = Array.from({ length: end - start }, (_, i) => start + i);
    if (hasTimes) order.sort((a, b) => d.ratingTimes[a]! - d.ratingTimes[b]!);
    let g = 0;
    let prevTime = 0;
    while (g < order.length) {
      let h = g + 1;
      if (hasTimes) while (h < order.length && d.ratingTimes[order[h]!] === d.ratingTimes[order[g]!]) h++;
      else h = order.length;
      const group = order
        .slice(g, h)
        .sort((a, b) => ranks.rankOf[d.ratingItems[a]!]! - ranks.rankOf[d.ratingItems[b]!]!);
      let prevRank = -1;
      for (let j = 0; j < group.length; j++) {
        const k = group[j]!;
        if (hasTimes) {
          const t = d.ratingTimes[k]!;
          if (!Number.isSafeInteger(t)) throw new RangeError(`rating time ${t} is not a whole number of seconds`);
          if (g === 0 && j === 0) {
            model.firstTimes.code(io, 0, zigzag(t - prevFirstTime));
            prevFirstTime = t;
          } else model.codeTimeGap(io, t - prevTime);
          prevTime = t;
        }
        const rank = ranks.rankOf[d.ratingItems[k]!]!;
        if (j === 0) model.codeRank(io, rank);
        else model.codeGroupRankGap(io, rank - prevRank - 1);
        prevRank = rank;
        model.codeValue(io, d.ratingItems[k]!, valueIndex.get(valueBits[k]!)!);
      }
      for (const k of group) ranks.hit(d.ratingItems[k]!);
      g = h;
    }
  }
  return io.finish();
}

export function decodeRatings(
  bytes: Uint8Array,
  userCount: number,
  ratingCount: number,
  itemCount: number,
): RatingsPart {
  const io = new RangeDecoder(bytes, 'ratings');
  const palette = codePalette(io, null);
  const hasTimes = io.direct(1, 0) === 1;
  const gapDepth = io.direct(3, 0);
  if (gapDepth < 1 || gapDepth > 6) throw new SnapshotError('snapshot ratings are corrupt: bad gap tree depth');
  const model = new RatingsModel(palette.length, itemCount, gapDepth);
  const ranks = new PopularityRanks(itemCount);
  // Arrays grow as the data confirms the header's counts, so a garbled count cannot make the decoder
  // allocate gigabytes before it finds out (see the fuzz tests).
  let userCapacity = Math.min(userCount, INITIAL_CAPACITY);
  let userIds = new Int32Array(userCapacity);
  let userOffsets = new Uint32Array(userCapacity + 1);
  let capacity = Math.min(ratingCount, INITIAL_CAPACITY);
  let ratingItems = new Int32Array(capacity);
  let ratingValues = new Float32Array(capacity);
  let ratingTimes = new Float64Array(capacity);
  const grown = <T extends Int32Array | Uint32Array | Float32Array | Float64Array>(a: T, size: number): T => {
    const b = new (a.constructor as new (n: number) => T)(size);
    b.set(a);
    return b;
  };
  // Items of the current same-second group, whose ranks are frozen until it ends. Ranks strictly rise within a
  // group and stay below itemCount, so it never holds more than itemCount items.
  const groupItems = new Int32Array(itemCount);
  const bad = (what: string) => new SnapshotError(`snapshot ratings are corrupt: ${what}`);
  let prevUser = 0;
  let prevFirstTime = 0;
  let k = 0;
  for (let u = 0; u < userCount; u++) {
    if (u === userCapacity) {
      userCapacity = Math.min(userCount, userCapacity * 2);
      userIds = grown(userIds, userCapacity);
      userOffsets = grown(userOffsets, userCapacity + 1);
    }
    const id = prevUser + model.userIdGaps.code(io, 0, 0) + 1;
    if (id > 0x7fffffff) throw bad('user id out of range');
    userIds[u] = prevUser = id;
    const count = model.counts.code(io, 0, 0) + 1;
    if (k + count > ratingCount) throw bad('more ratings than the header announces');
    model.startUser(count);
    userOffsets[u] = k;
    let prevTime = 0;
    let prevRank = -1;
    let groupSize = 0;
    for (let j = 0; j < count; j++) {
      let sameGroup = j > 0 && !hasTimes;
      let t = NaN;
      if (hasTimes) {
        if (j === 0) {
          t = prevFirstTime + unzigzag(model.firstTimes.code(io, 0, 0));
          prevFirstTime = t;
        } else {
          const gap = model.codeTimeGap(io, 0);
          sameGroup = gap === 0;
          t = prevTime + gap;
        }
        prevTime = t;
      }
      if (!sameGroup) {
        for (let i = 0; i < groupSize; i++) ranks.hit(groupItems[i]!);
        groupSize = 0;
      }
      const rank = sameGroup ? prevRank + 1 + model.codeGroupRankGap(io, 0) : model.codeRank(io, 0);
      if (rank >= itemCount) throw bad('item rank out of range');
      prevRank = rank;
      const item = ranks.itemAt[rank]!;
      groupItems[groupSize++] = item;
      const v = model.codeValue(io, item, 0);
      if (k === capacity) {
        capacity = Math.min(ratingCount, capacity * 2);
        ratingItems = grown(ratingItems, capacity);
        ratingValues = grown(ratingValues, capacity);
        ratingTimes = grown(ratingTimes, capacity);
      }
      if (v >= palette.length) throw bad('rating value out of range');
      ratingItems[k] = item;
      ratingValues[k] = palette[v]!;
      ratingTimes[k] = t;
      k++;
    }
    for (let i = 0; i < groupSize; i++) ranks.hit(groupItems[i]!);
  }
  if (k !== ratingCount) throw bad(`${k} ratings decoded, the header announces ${ratingCount}`);
  userOffsets[userCount] = k;
  sortByItemWithinUsers(userOffsets.subarray(0, userCount + 1), itemCount, ratingItems, ratingValues, ratingTimes, bad);
  io.finish();
  return { userIds, userOffsets, ratingItems, ratingValues, ratingTimes };
}

/**
 * Reorder every user's ratings (decoded in time order) by item, as the Dataset keeps them: one stable
 * counting sort by item over all ratings, then a stable scatter by user. O(ratings + items), where sorting
 * each user's slice separately cost a fifth of the section's decoding time.
 */
export function sortByItemWithinUsers(
  offsets: Uint32Array,
  itemCount: number,
  items: Int32Array,
  values: Float32Array,
  times: Float64Array,
  bad: (what: string) => SnapshotError,
): void {
  const n = items.length;
  const itemStart = new Int32Array(itemCount + 1);
  for (let k = 0; k < n; k++) itemStart[items[k]! + 1]!++;
  for (let i = 0; i < itemCount; i++) itemStart[i + 1]! += itemStart[i]!;
  const byItem = new Int32Array(n);
  for (let k = 0; k < n; k++) byItem[itemStart[items[k]!]!++] = k;
  const userOf = new Int32Array(n);
  for (let u = 0; u + 1 < offsets.length; u++) userOf.fill(u, offsets[u]!, offsets[u + 1]!);
  const cursor = offsets.slice(0, offsets.length - 1);
  const from = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = byItem[j]!;
    from[cursor[userOf[k]!]!++] = k;
  }
  const oldItems = items.slice();
  const oldValues = values.slice();
  const oldTimes = times.slice();
  for (let j = 0; j < n; j++) {
    const k = from[j]!;
    items[j] = oldItems[k]!;
    values[j] = oldValues[k]!;
    times[j] = oldTimes[k]!;
  }
  for (let u = 0; u + 1 < offsets.length; u++) {
    for (let j = offsets[u]! + 1; j < offsets[u + 1]!; j++) {
      if (items[j] === items[j - 1]) throw bad('an item rated twice by one user');
    }
  }
}

/** Starting size of the decoder's arrays; they double up to the header's counts as data arrives. */
const INITIAL_CAPACITY = 1 << 16;
