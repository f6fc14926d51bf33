/**
 * The user's own data as the store keeps it and the export carries it. Items are EXTERNAL ids (movieId), never
 * dense indices, so that ratings survive a rebuild of the dataset snapshot.
 */
import type { Settings } from './settings.ts';

export interface RatingRecord {
  /** External item id. */
  item: number;
  value: number;
  /** When the rating was given, in ms since 1970 (0 when unknown). */
  time: number;
}

export interface ListEntry {
  /** External item id. */
  item: number;
  /** When it was added, in ms since 1970. */
  added: number;
}

export interface UserData {
  ratings: RatingRecord[];
  watchlist: ListEntry[];
  hidden: ListEntry[];
  /** Only the settings present: an import writes these and leaves the others as they are. */
  settings: Partial<Settings>;
}

export interface MergeSummary {
  /** Items rated in the file and not locally. */
  added: number;
  /** Items rated in both where the file's rating was newer and replaced the local one. */
  updated: number;
  /** Items rated in both, differently, where the local rating was at least as new and was kept. */
  kept: number;
  /** Items rated the same in both: nothing to change (re-importing one's own export gives only these). */
  unchanged: number;
}

/**
 * Merge rule for an item rated both locally and in an imported file: the same value changes nothing (whatever the
 * times say: a CSV keeps whole seconds, a Letterboxd file whole days); otherwise the NEWER timestamp wins and on a
 * tie the local rating stays. Importing one's own export therefore changes nothing. Returns the ratings to write and
 * a summary.
 */
export function mergeRatings(
  local: readonly RatingRecord[],
  incoming: readonly RatingRecord[],
): { write: RatingRecord[]; summary: MergeSummary } {
  const byItem = new Map<number, RatingRecord>();
  for (const r of local) byItem.set(r.item, r);
  const write: RatingRecord[] = [];
  const summary: MergeSummary = { added: 0, updated: 0, kept: 0, unchanged: 0 };
  for (const r of incoming) {
    const mine = byItem.get(r.item);
    if (mine === undefined) summary.added++;
    else if (r.value === mine.value) {
      summary.unchanged++;
      continue;
    } else if (r.time > mine.time) summary.updated++;
    else {
      summary.kept++;
      continue;
    }
    write.push(r);
    byItem.set(r.item, r);
  }
  return { write, summary };
}

/** List entries (watchlist, hidden) to add: those whose item is not yet listed; the earlier entry is kept. */
export function mergeList(local: readonly ListEntry[], incoming: readonly ListEntry[]): ListEntry[] {
  const have = new Set(local.map((e) => e.item));
  const out: ListEntry[] = [];
  for (const e of incoming) {
    if (have.has(e.item)) continue;
    have.add(e.item);
    out.push(e);
  }
  return out;
}
