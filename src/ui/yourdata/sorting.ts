/** Orders of the ratings table. */

export type RatingSortKey = 'date' | 'title' | 'rating';
export type SortDirection = 'ascending' | 'descending';

export interface SortableRating {
  item: number;
  title: string;
  value: number;
  time: number;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A sorted copy; ties fall back to title, then item id, so the order never depends on the input order. */
export function sortRatings<T extends SortableRating>(rows: readonly T[], key: RatingSortKey, dir: SortDirection): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const byTitle = (a: T, b: T) => collator.compare(a.title, b.title) || a.item - b.item;
  const primary =
    key === 'date'
      ? (a: T, b: T) => a.time - b.time
      : key === 'rating'
        ? (a: T, b: T) => a.value - b.value
        : (a: T, b: T) => collator.compare(a.title, b.title);
  return [...rows].sort((a, b) => sign * primary(a, b) || byTitle(a, b));
}

/** The direction a column starts in when first chosen: newest, best and A-first are what people look for. */
export function defaultDirection(key: RatingSortKey): SortDirection {
  return key === 'title' ? 'ascending' : 'descending';
}

/**
 * The displayed order of item ids. Re-rating an item must not move its row while the user is on it (a keyed list
 * moves the DOM node and the focus is lost), so the previous order is kept and only removed items drop out; the
 * list is sorted afresh when the sort changes (`resort`) or an item appears that the previous order lacks.
 */
export function displayOrder<T extends SortableRating>(
  previous: readonly number[],
  rows: readonly T[],
  key: RatingSortKey,
  dir: SortDirection,
  resort: boolean,
): number[] {
  const present = new Set(rows.map((r) => r.item));
  const known = new Set(previous);
  if (resort || rows.some((r) => !known.has(r.item))) return sortRatings(rows, key, dir).map((r) => r.item);
  return previous.filter((id) => present.has(id));
}
