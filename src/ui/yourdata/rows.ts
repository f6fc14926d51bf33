/** Store records joined with item descriptions: what the lists render. */
import type { ItemSummary, ListEntry, RatingRecord } from './types.ts';

interface Described {
  title: string;
  year: number;
  genres: string[];
}

export type RatingRow = RatingRecord & Described;
export type ListedRow = ListEntry & Described;

/** An item the dataset no longer knows (e.g. imported from another dataset) still gets a readable name. */
function describe(item: number, infos: ReadonlyMap<number, ItemSummary>): Described {
  const info = infos.get(item);
  return info
    ? { title: info.title, year: info.year, genres: info.genres }
    : { title: `Unknown item #${item}`, year: 0, genres: [] };
}

export function ratingRows(records: readonly RatingRecord[], infos: ReadonlyMap<number, ItemSummary>): RatingRow[] {
  return records.map((r) => ({ ...r, ...describe(r.item, infos) }));
}

/** Most recently added first: the item just put there is the one the user is looking for. */
export function listedRows(entries: readonly ListEntry[], infos: ReadonlyMap<number, ItemSummary>): ListedRow[] {
  return entries
    .map((e) => ({ ...e, ...describe(e.item, infos) }))
    .sort((a, b) => b.added - a.added || a.item - b.item);
}
