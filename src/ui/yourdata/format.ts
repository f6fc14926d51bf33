/** Small text formats shared by the two views. */
import { detectImportKind, type UserFileFormat } from '../../engine/user-data/export-format.ts';
import type { SettingKey } from '../../engine/user-data/settings.ts';
import type { ImportSummary, MergeSummary } from './types.ts';

/**
 * "matinee-export-2026-11-26.json" ("matinee-letterboxd-2026-11-26.csv" for the Letterboxd file): the local calendar
 * date, so the name matches the day the user sees.
 */
export function exportFilename(
  date: Date,
  extension: UserFileFormat,
  kind: 'export' | 'letterboxd' = 'export',
): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `matinee-${kind}-${y}-${m}-${d}.${extension}`;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in binary multiples with at most one decimal: "0 bytes", "12.3 KB", "2 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`not a byte count: ${bytes}`);
  let unit = 0;
  let n = bytes;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
  return `${text} ${UNITS[unit]}`;
}

/** "Rated 26 Nov 2026" in the user's locale; time 0 is how records say "unknown" (e.g. a CSV without dates). */
export function whenDone(verb: string, ms: number): string {
  if (!(ms > 0) || !Number.isFinite(ms)) return `${verb} on an unknown date`;
  return `${verb} ${new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}`;
}

/** "The Matrix (1999)" from another site's title and year (the dataset's items come with their displayTitle). */
export function titleWithYear(title: string, year: number): string {
  return year > 0 ? `${title} (${year})` : title;
}

/** "1 rating", "3 ratings". */
export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Which parser a chosen file goes to. Its content decides (downloaded files can lose their extension); the
 * extension only breaks a tie for files that look like neither, so the parser can say what is wrong with them.
 * Another site's export gets a pointer to its own importer instead.
 */
export function importFormatOf(filename: string, text: string): { format: UserFileFormat } | { refused: string } {
  const kind = detectImportKind(text);
  if (kind === 'matinee-json') return { format: 'json' };
  if (kind === 'ratings-csv') return { format: 'csv' };
  if (kind === 'letterboxd' || kind === 'imdb') {
    const site = kind === 'letterboxd' ? 'Letterboxd' : 'IMDb';
    return { refused: `${filename} looks like a ${site} export: use "Import from ${site}" below.` };
  }
  const lower = filename.toLowerCase();
  if (lower.endsWith('.json')) return { format: 'json' };
  if (lower.endsWith('.csv')) return { format: 'csv' };
  return { refused: `${filename} is neither a Matinee export (.json) nor a ratings file (.csv).` };
}

/**
 * "3 new ratings, 1 updated, 2 kept (yours were newer), 4 already the same": parts that are zero are left out, and
 * "new" too unless nothing else is said. A tie in time keeps the local rating; an equal value changes nothing, so
 * re-importing one's own export reads "5 ratings already the same".
 */
export function mergeSummaryText(m: MergeSummary): string {
  const others = m.updated + m.kept + m.unchanged;
  const parts = m.added > 0 || others === 0 ? [plural(m.added, 'new rating')] : [];
  if (m.updated > 0) parts.push(`${m.updated} updated`);
  if (m.kept > 0) parts.push(`${m.kept} kept (${m.kept === 1 ? 'yours was' : 'yours were'} newer)`);
  if (m.unchanged > 0)
    parts.push(
      parts.length === 0 ? `${plural(m.unchanged, 'rating')} already the same` : `${m.unchanged} already the same`,
    );
  return parts.join(', ');
}

/** Whether an import wrote any rating (added or updated). */
export const changedRatings = (m: MergeSummary): boolean => m.added + m.updated > 0;

/** What each setting is to the user, for import reports; a Record, so a new setting must be named here. */
const SETTING_NAMES: Record<SettingKey, string> = {
  recommendationPrefs: 'recommendation options',
  onboarding: 'first-visit genres',
};

/**
 * The report of a Matinee import: "Nothing changed" only when nothing did (no rating written, no list entry added,
 * no setting changed, nothing replaced), so re-importing one's own export says so and a file of settings does not.
 */
export function importReport(file: string, s: ImportSummary, replaced: boolean): string {
  const settings =
    s.settings.length > 0 ? `; settings changed: ${s.settings.map((k) => SETTING_NAMES[k]).join(' and ')}` : '';
  // A replacing import cleared what was there first: whatever the file held, something changed.
  if (!replaced && !changedRatings(s.ratings) && s.watchlist + s.hidden === 0 && settings === '')
    return `Nothing changed from ${file}: ${mergeSummaryText(s.ratings)}.`;
  return (
    `Imported ${file}: ${mergeSummaryText(s.ratings)}; ` +
    `${plural(s.watchlist, 'watchlist item')} and ${plural(s.hidden, 'hidden item')} added${settings}.`
  );
}
