/** Store records joined with item descriptions: what the lists render. */
import { secondaryTitle } from '../format.ts';
import type { ItemSummary, ListEntry, RatingRecord } from './types.ts';

/**
 * Rows rendered before "Show more": a page of rating controls renders within a frame on a mid-range phone, while
 * a long imported history (a Letterboxd export can hold thousands of ratings) rendered at once would not.
 */
export const PAGE_SIZE = 50;

interface Described {
  /** The item's displayTitle ("The Matrix (1999)"), or what stands in for it while unknown. */
  title: string;
  /** Its second line (original title or a.k.a. forms); '' for none. */
  subtitle: string;
  /** The dataset has it: its title links to its page. */
  known: boolean;
  genres: string[];
}

export type RatingRow = RatingRecord & Described;
export type ListedRow = ListEntry & Described;

/**
 * An item without a description is named by its id: "Item #42" while titles are still `pending`, "Unknown item
 * #42" once the dataset has answered without it (e.g. a rating imported from another dataset).
 */
function describe(item: number, infos: ReadonlyMap<number, ItemSummary>, pending: boolean): Described {
  const info = infos.get(item);
  if (info)
    return {
      title: info.displayTitle,
      subtitle: secondaryTitle(info),
      known: true,
      genres: info.genres,
    };
  return {
    title: pending ? `Item #${item}` : `Unknown item #${item}`,
    subtitle: '',
    known: false,
    genres: [],
  };
}

export function ratingRows(
  records: readonly RatingRecord[],
  infos: ReadonlyMap<number, ItemSummary>,
  pending = false,
): RatingRow[] {
  return records.map((r) => ({ ...r, ...describe(r.item, infos, pending) }));
}

/** Most recently added first: the item just put there is the one the user is looking for. */
export function listedRows(
  entries: readonly ListEntry[],
  infos: ReadonlyMap<number, ItemSummary>,
  pending = false,
): ListedRow[] {
  return entries
    .map((e) => ({ ...e, ...describe(e.item, infos, pending) }))
    .sort((a, b) => b.added - a.added || a.item - b.item);
}
