/**
 * Top-k ranking metrics for one user's ranked list against the set of items that user found relevant.
 * Binary relevance throughout; NDCG uses the log2(rank + 1) discount with the ideal DCG over
 * min(k, |relevant|) hits, so a perfect list scores 1 even when fewer than k items are relevant.
 */

/** Relevant items among the first k of the ranking. */
function hitsAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r]!)) hits++;
  return hits;
}

/** Hits / k (a short list still divides by k: empty slots are misses). */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  return hitsAtK(ranked, relevant, k) / k;
}

/** Hits / |relevant|; 0 when nothing is relevant. */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  return relevant.size === 0 ? 0 : hitsAtK(ranked, relevant, k) / relevant.size;
}

/** 1 when at least one of the first k is relevant. */
export function hitRateAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  return hitsAtK(ranked, relevant, k) > 0 ? 1 : 0;
}

export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r]!)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  const best = Math.min(k, relevant.size);
  for (let r = 0; r < best; r++) ideal += 1 / Math.log2(r + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the catalogue that appears in at least one list: distinct items / catalogueSize. */
export function coverage(lists: Iterable<ArrayLike<number>>, catalogueSize: number): number {
  if (!(catalogueSize > 0)) throw new RangeError(`catalogue size must be > 0, got ${catalogueSize}`);
  const seen = new Set<number>();
  for (const list of lists) for (let r = 0; r < list.length; r++) seen.add(list[r]!);
  return seen.size / catalogueSize;
}

/**
 * Each item's rank by how many ratings it has, 1 for the most rated (ties share the better rank): the scale of the
 * novelty figure, where a list of the catalogue's hits has a small mean rank.
 */
export function popularityRanks(counts: ArrayLike<number>): Float32Array {
  const order = Array.from({ length: counts.length }, (_, j) => j).sort((a, b) => counts[b]! - counts[a]!);
  const ranks = new Float32Array(counts.length);
  order.forEach((j, r) => (ranks[j] = r > 0 && counts[j] === counts[order[r - 1]!] ? ranks[order[r - 1]!]! : r + 1));
  return ranks;
}

/** Mean popularity rank of a list's items (popularityRanks). */
export function meanPopularityRank(list: ArrayLike<number>, ranks: Float32Array): number {
  let sum = 0;
  for (let r = 0; r < list.length; r++) sum += ranks[list[r]!]!;
  return list.length > 0 ? sum / list.length : 0;
}

/** Intra-list diversity: 1 − the mean similarity of the list's pairs (0 for a list under two items). */
export function intraListDiversity(list: ArrayLike<number>, alike: (a: number, b: number) => number): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < list.length; a++)
    for (let b = a + 1; b < list.length; b++) {
      sum += alike(list[a]!, list[b]!);
      pairs++;
    }
  return pairs > 0 ? 1 - sum / pairs : 0;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}
