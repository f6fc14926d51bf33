/**
 * How good an engine's "similar items" are, measured instead of eyeballed:
 *  - hit rate: of each user's held-out liked items, the share found in the similar lists of their best-rated training
 *    items (what a person who liked those would be shown next to them);
 *  - for the catalogue's head (the 60 most rated items, where popular neighbours crowd in most): the share of their
 *    similar items that are themselves among the 100 most rated, and the share that shares a genre with them;
 *  - for the middle (items ranked 100–1000 by ratings): the share that shares a genre.
 * A list of hits scores well on the first figure and badly on the second; a list of same-genre strangers the reverse.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { ratingTotals } from '../dataset/rating-totals.ts';
import { profileOfUser } from '../dataset/training-set.ts';
import type { Split } from './holdout.ts';
import { relevantItemsByUser } from './holdout.ts';
import { popularityRanks } from './ranking-metrics.ts';

export interface SimilarItemsReport {
  'similar-hit@10': number;
  /** For the 60 most rated items: share of their similar items among the 100 most rated. */
  'similar-head-popular@10': number;
  /** For the 60 most rated items: share of their similar items with a genre in common. */
  'similar-head-genre@10': number;
  /** For items ranked 100–1000 by ratings: share of their similar items with a genre in common. */
  'similar-mid-genre@10': number;
}

export interface SimilarItemsOptions {
  /** Held-out ratings at or above this are liked, and so are training ratings (default 4). */
  relevant?: number;
  /** Best-rated training items per user whose lists are asked for (default 20). */
  seeds?: number;
}

const K = 10;

export function evaluateSimilarItems(
  dataset: Dataset,
  split: Split,
  similar: (item: number, limit: number) => { item: number }[],
  options: SimilarItemsOptions = {},
): SimilarItemsReport {
  const relevant = options.relevant ?? 4;
  const seeds = options.seeds ?? 20;
  const { train } = split;
  const liked = relevantItemsByUser(split.test, relevant);
  const lists = new Map<number, number[]>();
  const listOf = (item: number): number[] => {
    let list = lists.get(item);
    if (!list) lists.set(item, (list = similar(item, K).map((s) => s.item)));
    return list;
  };

  let hitRate = 0;
  let users = 0;
  for (const [u, heldOut] of liked) {
    const { items, values } = profileOfUser(train, u);
    const best = Array.from(items.keys())
      .filter((t) => values[t]! >= Math.fround(relevant))
      .sort((a, b) => values[b]! - values[a]! || items[a]! - items[b]!)
      .slice(0, seeds);
    if (best.length === 0) continue;
    const shown = new Set(best.flatMap((t) => listOf(items[t]!)));
    let hits = 0;
    for (const h of heldOut) if (shown.has(h)) hits++;
    hitRate += hits / heldOut.size;
    users++;
  }

  const ranks = popularityRanks(ratingTotals(train.items, train.values, train.itemCount).counts);
  const byRank = Array.from(ranks.keys()).sort((a, b) => ranks[a]! - ranks[b]! || a - b);
  const shareOf = (items: number[], test: (item: number, neighbour: number) => boolean): number => {
    let yes = 0;
    let all = 0;
    for (const item of items)
      for (const n of listOf(item)) {
        all++;
        if (test(item, n)) yes++;
      }
    return all > 0 ? yes / all : 0;
  };
  const sharesGenre = (a: number, b: number): boolean => {
    const { genreOffsets: off, itemGenres: g } = dataset;
    for (let x = off[a]!; x < off[a + 1]!; x++)
      for (let y = off[b]!; y < off[b + 1]!; y++) if (g[x] === g[y]) return true;
    return false;
  };
  const head = byRank.slice(0, 60);
  const mid = byRank.slice(99, 1000);
  return {
    'similar-hit@10': users > 0 ? hitRate / users : 0,
    'similar-head-popular@10': shareOf(head, (_, n) => ranks[n]! <= 100),
    'similar-head-genre@10': shareOf(head, sharesGenre),
    'similar-mid-genre@10': shareOf(mid, sharesGenre),
  };
}
