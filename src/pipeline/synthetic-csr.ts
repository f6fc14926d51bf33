/**
 * A TrainingSet of a given shape generated in memory, for benchmarks of build-time fitting at sizes no test
 * fixture has (MovieLens-25M: 25M ratings, 162k users, 62k items): power-law item popularity and user activity,
 * every user with at least `minPerUser` ratings, half-star values. Only the shape is realistic; taste is noise.
 */
import type { TrainingSet } from '../engine/model-contracts.ts';
import { mulberry32 } from '../engine/numeric/random.ts';

export interface SyntheticShape {
  users: number;
  items: number;
  ratings: number;
  /** MovieLens keeps users with at least 20 ratings. */
  minPerUser?: number;
  seed?: number;
}

/** Zipf-like popularity exponent of items (rank r drawn with weight 1/(r + 10)^s). */
const POPULARITY_EXPONENT = 1;

export function syntheticCsr(shape: SyntheticShape): TrainingSet {
  const { users, items, ratings } = shape;
  const minPerUser = Math.min(shape.minPerUser ?? 20, Math.floor(ratings / users));
  const rng = mulberry32(shape.seed ?? 1);
  // Activity: Pareto draws above the minimum, scaled so the rows sum to `ratings`, each capped at a quarter of
  // the catalogue (drawing distinct items by rejection stays cheap).
  const cap = Math.max(minPerUser, Math.floor(items / 4));
  const raw = new Float64Array(users);
  let rawSum = 0;
  for (let u = 0; u < users; u++) {
    raw[u] = Math.pow(1 - rng(), -1 / 1.2) - 1;
    rawSum += raw[u]!;
  }
  const spare = ratings - minPerUser * users;
  const counts = new Uint32Array(users);
  let total = 0;
  for (let u = 0; u < users; u++) {
    counts[u] = Math.min(cap, minPerUser + Math.round((raw[u]! / rawSum) * spare));
    total += counts[u]!;
  }
  // Rounding and the cap leave the total off: spread the difference one rating per user and pass.
  if (ratings > cap * users) throw new RangeError(`${ratings} ratings do not fit ${users} users of at most ${cap}`);
  for (let u = 0; total !== ratings; u++) {
    const v = u % users;
    if (total < ratings && counts[v]! < cap) {
      counts[v]!++;
      total++;
    } else if (total > ratings && counts[v]! > minPerUser) {
      counts[v]!--;
      total--;
    }
  }
  const cumulative = new Float64Array(items);
  let acc = 0;
  for (let i = 0; i < items; i++) cumulative[i] = acc += 1 / Math.pow(i + 10, POPULARITY_EXPONENT);
  const userOffsets = new Uint32Array(users + 1);
  for (let u = 0; u < users; u++) userOffsets[u + 1] = userOffsets[u]! + counts[u]!;
  const n = userOffsets[users]!;
  const rowItems = new Int32Array(n);
  const values = new Float32Array(n);
  const stamp = new Int32Array(items).fill(-1);
  for (let u = 0; u < users; u++) {
    const start = userOffsets[u]!;
    const end = userOffsets[u + 1]!;
    const taste = rng();
    for (let q = start; q < end;) {
      const target = rng() * acc;
      let lo = 0;
      let hi = items - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      if (stamp[lo] === u) continue;
      stamp[lo] = u;
      rowItems[q++] = lo;
    }
    rowItems.subarray(start, end).sort();
    for (let q = start; q < end; q++)
      values[q] = Math.min(5, Math.max(0.5, Math.round(2 * (2.5 + 2 * taste + 1.5 * (rng() - 0.5))) / 2));
  }
  return { userCount: users, itemCount: items, userOffsets, items: rowItems, values };
}
