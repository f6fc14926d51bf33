/**
 * What the app shows about items, computed once from the dataset: ratings per item and their mean, top tags,
 * links out, and onboarding candidates.
 */
import { genresOf, imdbCode, type Dataset } from '../dataset.ts';
import { ratingTotals } from '../models/popularity.ts';
import { tagWeight } from './tag-summary.ts';
import type { ItemDetails, ItemSummary } from './types.ts';

export interface ItemStats {
  counts: Uint32Array;
  means: Float32Array;
}

export function itemStats(d: Dataset): ItemStats {
  if (d.ratingSummary) return d.ratingSummary;
  const n = d.itemIds.length;
  const { counts, sums } = ratingTotals(d.ratingItems, d.ratingValues, n);
  const means = new Float32Array(n);
  for (let j = 0; j < n; j++) means[j] = counts[j]! > 0 ? sums[j]! / counts[j]! : 0;
  return { counts, means };
}

export function summaryOf(d: Dataset, item: number): ItemSummary {
  return { id: d.itemIds[item]!, title: d.titles[item]!, year: d.years[item]!, genres: genresOf(d, item) };
}

/**
 * Tags of one item by how many times they were applied, case-insensitively grouped (the most common spelling wins),
 * most used first. A linear scan over every tag: it runs once per item page, and tags are few next to ratings.
 */
function topTags(d: Dataset, item: number, limit: number): string[] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (let k = 0; k < d.tagItems.length; k++) {
    if (d.tagItems[k] !== item) continue;
    const text = d.tagVocabulary[d.tagTexts[k]!]!.trim();
    if (text === '') continue;
    const key = text.toLowerCase();
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { count: 0, spellings: new Map() }));
    const w = tagWeight(d, k);
    entry.count += w;
    entry.spellings.set(text, (entry.spellings.get(text) ?? 0) + w);
  }
  return [...byKey.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([, e]) => [...e.spellings.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
}

export function detailsOf(d: Dataset, stats: ItemStats, item: number): ItemDetails {
  const imdb = d.imdbIds[item]!;
  const tmdb = d.tmdbIds[item]!;
  return {
    ...summaryOf(d, item),
    tags: topTags(d, item, 8),
    average: stats.means[item]!,
    ratingCount: stats.counts[item]!,
    imdbUrl: imdb > 0 ? `https://www.imdb.com/title/${imdbCode(imdb)}/` : null,
    tmdbUrl: tmdb > 0 ? `https://www.themoviedb.org/movie/${tmdb}` : null,
  };
}

/**
 * Well-known, varied items for a new user to rate: the most rated items of each wanted genre taken in turn
 * (round robin), so twelve candidates span the genres instead of being twelve blockbusters of one kind.
 * With no genres wanted, every genre takes its turn; so too when the dataset has none of the wanted genres (an
 * imported setting may name any). A dataset without genres offers its most rated items. Items in `skip` (already
 * rated or hidden) are left out.
 */
export function onboardingCandidates(
  d: Dataset,
  stats: ItemStats,
  wantedGenres: string[],
  limit: number,
  skip: ReadonlySet<number>,
): number[] {
  const wanted = wantedGenres.map((g) => d.genres.indexOf(g)).filter((g) => g >= 0);
  const genreIndices = wanted.length > 0 ? wanted : d.genres.map((_, g) => g);
  const byPopularity = Array.from(d.itemIds.keys()).sort((a, b) => stats.counts[b]! - stats.counts[a]! || a - b);
  const queues =
    genreIndices.length === 0
      ? [byPopularity]
      : genreIndices.map((g) =>
          byPopularity.filter((j) => {
            for (let k = d.genreOffsets[j]!; k < d.genreOffsets[j + 1]!; k++) if (d.itemGenres[k] === g) return true;
            return false;
          }),
        );
  const cursors = queues.map(() => 0);
  const chosen: number[] = [];
  const taken = new Set<number>();
  let progressed = true;
  while (chosen.length < limit && progressed) {
    progressed = false;
    for (let q = 0; q < queues.length && chosen.length < limit; q++) {
      const queue = queues[q]!;
      while (cursors[q]! < queue.length) {
        const j = queue[cursors[q]!++]!;
        if (taken.has(j) || skip.has(d.itemIds[j]!)) continue;
        taken.add(j);
        chosen.push(j);
        progressed = true;
        break;
      }
    }
  }
  return chosen;
}
