/**
 * What the app shows about items, computed once from the dataset: ratings per item and their mean, top tags,
 * links out, and onboarding candidates.
 */
import { genresOf, imdbCode, indexOfId, type Dataset, type RatingSummary } from '../dataset/dataset.ts';
import { displayTitle } from '../text/display-title.ts';
import { titleKeys } from '../text/normalize-title.ts';
import { tagWeight } from '../dataset/tag-summary.ts';
import type { BrowseKind, CatalogueFacets, ItemDetails, ItemSummary } from './types.ts';
import { genreJaccard } from '../dataset/dataset.ts';
import { ratingSummaryOf } from '../dataset/rating-totals.ts';

/** Ratings and mean rating per item: what a model-mode dataset ships as its rating summary. */
export type ItemStats = RatingSummary;

export function itemStats(d: Dataset): ItemStats {
  return d.ratingSummary ?? ratingSummaryOf(d.ratingItems, d.ratingValues, d.itemIds.length);
}

export type TitleFields = Pick<ItemSummary, 'title' | 'displayTitle' | 'name' | 'originalTitle' | 'alsoKnownAs'>;

/** An item's title as stored and as shown. */
export function titleFields(title: string): TitleFields {
  const shown = displayTitle(title);
  return {
    title,
    displayTitle: shown.withYear,
    name: shown.name,
    originalTitle: shown.original,
    alsoKnownAs: shown.alsoKnownAs,
  };
}

export function summaryOf(d: Dataset, item: number): ItemSummary {
  return { id: d.itemIds[item]!, ...titleFields(d.titles[item]!), year: d.years[item]!, genres: genresOf(d, item) };
}

export function catalogueFacets(d: Dataset): CatalogueFacets {
  let firstYear = 0;
  let lastYear = 0;
  const byDecade = new Map<number, number[]>();
  for (let j = 0; j < d.itemIds.length; j++) {
    const year = d.years[j]!;
    if (year <= 0) continue;
    if (firstYear === 0 || year < firstYear) firstYear = year;
    if (year > lastYear) lastYear = year;
    const decade = Math.floor(year / 10) * 10;
    let row = byDecade.get(decade);
    if (!row) byDecade.set(decade, (row = new Array<number>(d.genres.length).fill(0)));
    for (let k = d.genreOffsets[j]!; k < d.genreOffsets[j + 1]!; k++) row[d.itemGenres[k]!]!++;
  }
  const decades = [...byDecade.keys()].sort((a, b) => a - b);
  const used = new Set<number>();
  for (let k = 0; k < d.itemGenres.length; k++) used.add(d.itemGenres[k]!);
  const genres = d.genres.map((_, g) => g).filter((g) => used.has(g));
  return {
    firstYear,
    lastYear,
    decades,
    genres: genres.map((g) => d.genres[g]!),
    counts: decades.map((decade) => genres.map((g) => byDecade.get(decade)![g]!)),
  };
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
 * The items a tag or genre page lists, best known first. A tag's items in order of how many people gave them that
 * tag (case-insensitively, as the item page groups its tags), then of ratings; a genre's by ratings. Unknown tags
 * and genres have none.
 */
export function browseItems(d: Dataset, stats: ItemStats, kind: BrowseKind, name: string): number[] {
  const uses = new Map<number, number>();
  if (kind === 'tag') {
    const wanted = name.trim().toLowerCase();
    const matches = d.tagVocabulary.map((t) => t.trim().toLowerCase() === wanted);
    for (let k = 0; k < d.tagItems.length; k++)
      if (matches[d.tagTexts[k]!]) uses.set(d.tagItems[k]!, (uses.get(d.tagItems[k]!) ?? 0) + tagWeight(d, k));
  } else {
    const g = d.genres.indexOf(name);
    if (g >= 0)
      for (let j = 0; j < d.itemIds.length; j++)
        for (let k = d.genreOffsets[j]!; k < d.genreOffsets[j + 1]!; k++) if (d.itemGenres[k] === g) uses.set(j, 0);
  }
  return [...uses.keys()].sort((a, b) => uses.get(b)! - uses.get(a)! || stats.counts[b]! - stats.counts[a]! || a - b);
}

/**
 * Two candidates read as "the same again" when their titles start with the same word ("Matrix, The" and "Matrix
 * Reloaded, The"; "Toy Story" and "Toy Story 2"): sequels and series share it far more often than unrelated films.
 */
export function seriesKey(title: string): string {
  return titleKeys(title)[0]?.split(' ')[0] ?? '';
}

/** Genre overlap (Jaccard) from which two items in a row feel alike: half their genres shared. */
const ALIKE = 0.5;

/** How many of each decade's best-known items measure the attention the decade holds. */
const DECADE_SAMPLE = 50;

/**
 * Every item, best known first within its decade, the decades interleaved in proportion to the ratings their
 * DECADE_SAMPLE best-known items drew: a decade with half the attention gets every second place of a larger one.
 * Plain "most rated first" fills the first screens with one decade (the nineties, on MovieLens) and never reaches a
 * film that is famous in its own decade; this reaches each decade's classics in the first screens while the busiest
 * decades still get the most places. Items without a year make a decade of their own. Ties: most rated, then index.
 */
export function byDecadeAndFame(d: Dataset, stats: ItemStats): number[] {
  const byCount = Array.from(d.itemIds.keys()).sort((a, b) => stats.counts[b]! - stats.counts[a]! || a - b);
  const decades = new Map<number, number[]>();
  for (const j of byCount) {
    const decade = d.years[j]! > 0 ? Math.floor(d.years[j]! / 10) : -1;
    let members = decades.get(decade);
    if (!members) decades.set(decade, (members = []));
    members.push(j);
  }
  const place = new Float64Array(d.itemIds.length);
  for (const members of decades.values()) {
    let attention = 0;
    for (const j of members.slice(0, DECADE_SAMPLE)) attention += stats.counts[j]!;
    // A decade nobody rated still gets its items placed, after every rated one.
    const step = attention > 0 ? 1 / attention : Number.POSITIVE_INFINITY;
    members.forEach((j, k) => (place[j] = (k + 0.5) * step));
  }
  const rank = new Map(byCount.map((j, k) => [j, k]));
  return byCount.slice().sort((a, b) => place[a]! - place[b]! || rank.get(a)! - rank.get(b)!);
}

/**
 * The order with each series' best-known member at the place of the series' first: a small decade's sequel ("The
 * Dark Knight Rises", 2012) would otherwise stand for a series whose famous film is in a busier decade.
 */
function leadersFirst(d: Dataset, stats: ItemStats, order: number[]): number[] {
  const leader = new Map<string, number>();
  for (const j of order) {
    const key = seriesKey(d.titles[j]!);
    const best = leader.get(key);
    if (best === undefined || stats.counts[j]! > stats.counts[best]!) leader.set(key, j);
  }
  const out = order.slice();
  const at = new Map(order.map((j, k) => [j, k]));
  const met = new Set<string>();
  for (let k = 0; k < out.length; k++) {
    const key = seriesKey(d.titles[out[k]!]!);
    if (met.has(key)) continue;
    met.add(key);
    const best = leader.get(key)!;
    const from = at.get(best)!;
    if (from === k) continue;
    // Swap: the leader comes forward, the member it replaces takes the leader's place.
    [out[k], out[from]] = [best, out[k]!];
    at.set(out[from]!, from);
    at.set(best, k);
  }
  return out;
}

/**
 * Well-known, varied items for a new user to rate, in the order of byDecadeAndFame (of the wanted genres, when any
 * are given and the dataset has some of them: an imported setting may name any), except that no two share a
 * series (seriesKey) and no item follows one with much the same genres. An item passed over for that comes back at
 * the next place where it fits, so the list stays close to that order and never reaches deep into the catalogue.
 * Items in `skip` (rated, hidden, already offered) are left out. Returns dense indices.
 */
export function onboardingCandidates(
  d: Dataset,
  stats: ItemStats,
  wantedGenres: string[],
  limit: number,
  skip: ReadonlySet<number>,
): number[] {
  const wanted = new Set(wantedGenres.map((g) => d.genres.indexOf(g)).filter((g) => g >= 0));
  const inWantedGenre = (j: number): boolean => {
    if (wanted.size === 0) return true;
    for (let k = d.genreOffsets[j]!; k < d.genreOffsets[j + 1]!; k++) if (wanted.has(d.itemGenres[k]!)) return true;
    return false;
  };
  const order = leadersFirst(
    d,
    stats,
    byDecadeAndFame(d, stats).filter((j) => !skip.has(d.itemIds[j]!) && inWantedGenre(j)),
  );
  const alike = genreJaccard(d);
  const chosen: number[] = [];
  // Nor a series the user has already rated or been offered: one film of it says what the next would.
  const series = new Set(
    Array.from(skip, (id) => indexOfId(d.itemIds, id)).flatMap((j) => (j >= 0 ? [seriesKey(d.titles[j]!)] : [])),
  );
  const fits = (j: number): boolean =>
    !series.has(seriesKey(d.titles[j]!)) && (chosen.length === 0 || alike(j, chosen.at(-1)!) < ALIKE);
  /** Passed over for the place they were met at (or, of a series taken, for good while others fit), most rated first. */
  const waiting: number[] = [];
  let cursor = 0;
  const take = (j: number): void => {
    chosen.push(j);
    series.add(seriesKey(d.titles[j]!));
  };
  while (chosen.length < limit) {
    const w = waiting.findIndex(fits);
    if (w >= 0) {
      take(waiting.splice(w, 1)[0]!);
      continue;
    }
    let found = false;
    while (cursor < order.length && !found) {
      const j = order[cursor++]!;
      if (fits(j)) {
        take(j);
        found = true;
      } else waiting.push(j);
    }
    // The catalogue ran out of items that fit: the best-known of those passed over (one of a series already
    // offered, when every title starts alike), rather than fewer.
    if (!found) {
      if (waiting.length === 0) break;
      take(waiting.shift()!);
    }
  }
  return chosen;
}
