/**
 * From raw model scores to the list the app shows: which items may appear (not rated, not hidden, genre and
 * year filters), the top of the ranking, the popular↔obscure knob (leaving the catalogue's hits out at its obscure
 * end, then reordering the pool) and the diversity (MMR) re-rank.
 * Model-agnostic: it only sees one score per item, so every ranker gets the same options.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { expectLength, type Profile } from '../model-contracts.ts';
import { topK } from '../numeric/top-select.ts';
import type { RecommendOptions } from '../recommend-types.ts';

/** 1 for every item a recommendation may show, 0 otherwise. */
export function candidateMask(dataset: Dataset, profile: Profile, options: RecommendOptions = {}): Uint8Array {
  const n = dataset.itemIds.length;
  const mask = new Uint8Array(n).fill(1);
  for (const j of profile.items) if (j >= 0 && j < n) mask[j] = 0;
  for (const j of options.exclude ?? []) if (j >= 0 && j < n) mask[j] = 0;
  if (options.genres && options.genres.length > 0) {
    const wanted = new Uint8Array(dataset.genres.length);
    for (const name of options.genres) {
      const g = dataset.genres.indexOf(name);
      if (g < 0) throw new Error(`unknown genre "${name}": expected one of ${dataset.genres.join(', ')}`);
      wanted[g] = 1;
    }
    for (let j = 0; j < n; j++) {
      if (!mask[j]) continue;
      let keep = 0;
      for (let k = dataset.genreOffsets[j]!; k < dataset.genreOffsets[j + 1]!; k++)
        keep |= wanted[dataset.itemGenres[k]!]!;
      mask[j] = keep;
    }
  }
  if (options.years && (options.years.from !== undefined || options.years.to !== undefined)) {
    const from = options.years.from ?? -Infinity;
    const to = options.years.to ?? Infinity;
    for (let j = 0; j < n; j++) {
      const y = dataset.years[j]!;
      if (mask[j] && (y === 0 || y < from || y > to)) mask[j] = 0;
    }
  }
  return mask;
}

/**
 * How far the popularity knob can move an item, in fractions of the candidate pool: at ±1 the most (least)
 * popular item gains half the pool's rank range over a median one, enough to reorder a top-10 visibly while
 * still drawing from what the model found relevant.
 */
const KNOB_STRENGTH = 1;

/** Relevance by position in the pool: 1 for the first, falling linearly to 0 past the last. */
function rankRelevance(size: number): Float32Array {
  const r = new Float32Array(size);
  for (let i = 0; i < size; i++) r[i] = 1 - i / size;
  return r;
}

/**
 * Reorder a pool (best first) by relevance + knob × popularity, knob in [-1, 1], +1 favours popular items.
 * Popularity is the item's rank by rating count WITHIN the pool: any ranker's top 100 sits in the top few
 * percent of the catalogue, so catalogue-wide percentiles would barely separate them.
 */
export function applyPopularityKnob(pool: Int32Array, counts: Float32Array, knob: number): Int32Array {
  if (!(knob >= -1 && knob <= 1)) throw new RangeError(`popularity knob must be in [-1, 1], got ${knob}`);
  if (knob === 0 || pool.length < 2) return pool;
  const rel = rankRelevance(pool.length);
  const byCount = Array.from({ length: pool.length }, (_, i) => i).sort(
    (a, b) => counts[pool[a]!]! - counts[pool[b]!]! || a - b,
  );
  const popular = new Float32Array(pool.length);
  byCount.forEach((i, rank) => (popular[i] = rank / (pool.length - 1)));
  const adjusted = new Float32Array(pool.length);
  for (let i = 0; i < pool.length; i++) adjusted[i] = rel[i]! + knob * KNOB_STRENGTH * (popular[i]! - 0.5);
  const order = Array.from({ length: pool.length }, (_, i) => i).sort((a, b) => adjusted[b]! - adjusted[a]! || a - b);
  return Int32Array.from(order, (i) => pool[i]!);
}

/**
 * Share of the catalogue, most rated first, that the knob's obscure end leaves out: at −1 the catalogue's hits,
 * proportionally fewer towards 0. Reordering the pool alone cannot reach obscurity: any ranker's pool is mostly
 * hits, so even its least popular members sit among the catalogue's most rated.
 */
const HEAD_SHARE = 0.02;

/**
 * The candidates without the catalogue's most rated items when the knob leans obscure (knob < 0), or `allowed`
 * itself when it does not, or when fewer than `keep` candidates would be left (a narrow filter, a small catalogue:
 * a list of hits beats an empty one).
 */
export function withoutPopularHead(allowed: Uint8Array, counts: Float32Array, knob: number, keep: number): Uint8Array {
  expectLength('candidate mask', allowed.length, counts.length);
  const headSize = knob < 0 ? Math.floor(-knob * HEAD_SHARE * counts.length) : 0;
  if (headSize === 0) return allowed;
  const out = allowed.slice();
  for (const j of topK(counts, headSize)) out[j] = 0;
  let left = 0;
  for (let j = 0; j < out.length && left < keep; j++) left += out[j]!;
  return left >= keep ? out : allowed;
}

/**
 * Maximal marginal relevance: pick k from the pool (best first), each time the item maximising
 * (1 − λ)·relevance − λ·(max similarity to what is already picked). λ = 0.8·diversity, so even at full
 * diversity relevance still separates items that are equally different from the picks.
 */
export function mmr(
  pool: Int32Array,
  k: number,
  diversity: number,
  similarity: (a: number, b: number) => number,
): Int32Array {
  if (!(diversity >= 0 && diversity <= 1)) throw new RangeError(`diversity must be in [0, 1], got ${diversity}`);
  const take = Math.min(k, pool.length);
  if (diversity === 0 || take < 2) return pool.slice(0, take);
  const lambda = 0.8 * diversity;
  const rel = rankRelevance(pool.length);
  const maxSim = new Float32Array(pool.length);
  const used = new Uint8Array(pool.length);
  const out = new Int32Array(take);
  for (let t = 0; t < take; t++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (used[i]) continue;
      const v = (1 - lambda) * rel[i]! - lambda * maxSim[i]!;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    used[best] = 1;
    const picked = pool[best]!;
    out[t] = picked;
    for (let i = 0; i < pool.length; i++) {
      if (used[i]) continue;
      const s = similarity(pool[i]!, picked);
      if (s > maxSim[i]!) maxSim[i] = s;
    }
  }
  return out;
}

/** How many items a list holds when the caller does not say: the app's first page. */
export const DEFAULT_LIMIT = 20;

/**
 * How many of the ranker's best a list of `limit` reorders (knob, diversity) or re-ranks (star agreement): five
 * times the list, at least 100, which leaves room to reorder without reaching far down the ranking, where
 * relevance is noise.
 */
export function candidatePoolSize(limit: number): number {
  return Math.max(100, 5 * limit);
}

/**
 * Everything after scoring: take a pool of the allowed items, apply knob and diversity, keep `limit`. `allowed`
 * comes with the knob's head already left out (withoutPopularHead), so that whatever ordered `scores` (the star
 * re-rank) chose among the same candidates.
 */
export function rerank(
  scores: Float32Array,
  allowed: Uint8Array,
  options: RecommendOptions,
  counts: Float32Array,
  similarity: (a: number, b: number) => number,
): Int32Array {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  const knob = options.popularity ?? 0;
  const diversity = options.diversity ?? 0;
  const reorders = knob !== 0 || diversity > 0;
  const poolSize = reorders ? candidatePoolSize(limit) : limit;
  // Equal scores (often all zero: a filter that leaves only items the model knows nothing about) go to the more
  // rated item, not to whichever has the lower id.
  let pool = topK(scores, poolSize, allowed, counts);
  pool = applyPopularityKnob(pool, counts, knob);
  return mmr(pool, limit, diversity, similarity);
}
