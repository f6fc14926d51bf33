/**
 * Matinee's own export formats and their strict importers.
 *
 * JSON (everything): {format: "matinee-export", version: 1, exportedAt: ISO date, dataset: {name},
 *   ratings: [{item, value, time}], watchlist: [{item, added}], hidden: [{item, added}], settings: {…}};
 *   items are external ids (movieId), times are ms since 1970.
 * CSV (ratings only), in the dataset's ratings.csv layout: userId,movieId,rating,timestamp with timestamp in whole
 *   Unix seconds and userId always EXPORT_USER_ID (0): no dataset uses 0 for a user, so the rows can never be
 *   mistaken for, or merged into, a real user's ratings by accident.
 *
 * Import is all or nothing: every problem is collected with the line and column (CSV) or the JSON path
 * (e.g. "ratings[3].value") and an ImportError is thrown before anything is written.
 */
import { CsvSyntaxError, csvField, parseCsv } from '../csv.ts';
import { indexOfId, type Dataset } from '../dataset.ts';
import { isOnScale } from '../manifest.ts';
import { ImportIssues, lineAt } from './import-error.ts';
import { SETTINGS } from '../settings.ts';
import { INVALID } from '../shape.ts';
import type { ListEntry, RatingRecord, UserData } from './user-data.ts';

export const EXPORT_FORMAT = 'matinee-export';
export const EXPORT_VERSION = 1;
export const EXPORT_USER_ID = 0;
const JSON_FILE = 'export.json';
const CSV_FILE = 'ratings.csv';

export interface MatineeExport extends UserData {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  dataset: { name: string };
}

/** The export document for the user's data (items sorted, so equal data gives equal files). */
export function buildExport(data: UserData, datasetName: string, now: Date = new Date()): MatineeExport {
  const byItem = <T extends { item: number }>(a: T[]) => [...a].sort((x, y) => x.item - y.item);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    dataset: { name: datasetName },
    ratings: byItem(data.ratings).map(({ item, value, time }) => ({ item, value, time })),
    watchlist: byItem(data.watchlist).map(({ item, added }) => ({ item, added })),
    hidden: byItem(data.hidden).map(({ item, added }) => ({ item, added })),
    settings: { ...data.settings },
  };
}

export function exportJson(data: UserData, datasetName: string, now?: Date): string {
  return JSON.stringify(buildExport(data, datasetName, now), null, 2) + '\n';
}

/** Ratings in the ratings.csv layout (see the file comment for userId and timestamp). */
export function exportRatingsCsv(ratings: readonly RatingRecord[]): string {
  const rows = [...ratings]
    .sort((a, b) => a.item - b.item)
    .map((r) => [EXPORT_USER_ID, r.item, r.value, Math.round(r.time / 1000)].map((v) => csvField(String(v))).join(','));
  return ['userId,movieId,rating,timestamp', ...rows].join('\n') + '\n';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Check one item id against the dataset; adds an issue and returns false when it is not an item. */
function checkItem(v: unknown, path: string, dataset: Dataset, issues: ImportIssues): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    issues.add(JSON_FILE, 0, path, `expected a positive whole number (an item id), got ${JSON.stringify(v)}`);
    return false;
  }
  if (indexOfId(dataset.itemIds, v) < 0) {
    issues.add(JSON_FILE, 0, path, `item ${v} is not in the dataset "${dataset.manifest.name}"`);
    return false;
  }
  return true;
}

function readList(o: Json, key: 'watchlist' | 'hidden', dataset: Dataset, issues: ImportIssues): ListEntry[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    issues.add(JSON_FILE, 0, key, 'expected an array');
    return [];
  }
  const out: ListEntry[] = [];
  const seen = new Map<number, number>();
  v.forEach((e: unknown, i) => {
    const at = `${key}[${i}]`;
    if (!isObject(e)) return issues.add(JSON_FILE, 0, at, 'expected an object {item, added}');
    const itemOk = checkItem(e.item, `${at}.item`, dataset, issues);
    if (!isTime(e.added)) issues.add(JSON_FILE, 0, `${at}.added`, 'expected a time in ms since 1970 (a number ≥ 0)');
    if (!itemOk || !isTime(e.added)) return;
    const first = seen.get(e.item as number);
    if (first !== undefined)
      return issues.add(JSON_FILE, 0, `${at}.item`, `item ${e.item} is listed twice (first at ${key}[${first}])`);
    seen.set(e.item as number, i);
    out.push({ item: e.item as number, added: e.added });
  });
  return out;
}

/** Validate a Matinee JSON export against the dataset. Throws ImportError listing every problem. */
export function parseExportJson(text: string, dataset: Dataset): UserData {
  const issues = new ImportIssues();
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    issues.add(JSON_FILE, m ? lineAt(text, Number(m[1])) : 1, '-', `not valid JSON (${(e as Error).message})`);
    issues.throwIfAny();
  }
  if (!isObject(root)) {
    issues.add(JSON_FILE, 1, '-', 'expected a JSON object: a Matinee export');
    issues.throwIfAny();
  }
  const o = root as Json;
  if (o.format !== EXPORT_FORMAT) {
    issues.add(
      JSON_FILE,
      0,
      'format',
      `expected "${EXPORT_FORMAT}", got ${JSON.stringify(o.format)}: not a Matinee export`,
    );
    issues.throwIfAny();
  }
  if (o.version !== EXPORT_VERSION) {
    const newer = typeof o.version === 'number' && o.version > EXPORT_VERSION;
    issues.add(
      JSON_FILE,
      0,
      'version',
      newer
        ? `version ${o.version} was written by a newer Matinee; this one reads version ${EXPORT_VERSION}`
        : `expected ${EXPORT_VERSION}, got ${JSON.stringify(o.version)}`,
    );
  }
  const ratings: RatingRecord[] = [];
  if (!Array.isArray(o.ratings)) issues.add(JSON_FILE, 0, 'ratings', 'expected an array');
  else {
    const seen = new Map<number, number>();
    const scale = dataset.manifest.ratingScale;
    o.ratings.forEach((r: unknown, i) => {
      const at = `ratings[${i}]`;
      if (!isObject(r)) return issues.add(JSON_FILE, 0, at, 'expected an object {item, value, time}');
      let ok = checkItem(r.item, `${at}.item`, dataset, issues);
      if (typeof r.value !== 'number' || !isOnScale(r.value, scale)) {
        issues.add(
          JSON_FILE,
          0,
          `${at}.value`,
          `${JSON.stringify(r.value)} is not on the scale ${scale.min} to ${scale.max} in steps of ${scale.step}`,
        );
        ok = false;
      }
      if (!isTime(r.time)) {
        issues.add(JSON_FILE, 0, `${at}.time`, 'expected a time in ms since 1970 (a number ≥ 0)');
        ok = false;
      }
      if (!ok) return;
      const first = seen.get(r.item as number);
      if (first !== undefined)
        return issues.add(JSON_FILE, 0, `${at}.item`, `item ${r.item} is rated twice (first at ratings[${first}])`);
      seen.set(r.item as number, i);
      ratings.push({ item: r.item as number, value: r.value as number, time: r.time as number });
    });
  }
  const watchlist = readList(o, 'watchlist', dataset, issues);
  const hidden = readList(o, 'hidden', dataset, issues);
  let settings: UserData['settings'] = {};
  if (o.settings !== undefined) {
    const checked = SETTINGS.check(o.settings, 'settings', (path, message) => issues.add(JSON_FILE, 0, path, message));
    if (checked !== INVALID) settings = checked;
  }
  issues.throwIfAny();
  return { ratings, watchlist, hidden, settings };
}

const INTEGER = /^\s*-?\d+\s*$/;
const REQUIRED = ['userId', 'movieId', 'rating'];
const OPTIONAL = ['timestamp'];

/**
 * Validate ratings in the ratings.csv layout (one user; any userId) against the dataset. Timestamps are Unix
 * seconds; an empty or absent timestamp means "unknown" (0). Throws ImportError listing every problem.
 */
export function parseRatingsCsv(text: string, dataset: Dataset): UserData {
  const issues = new ImportIssues();
  let table;
  try {
    table = parseCsv(text, CSV_FILE);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    issues.add(CSV_FILE, e.line, '-', e.detail);
    issues.throwIfAny();
    throw e;
  }
  const cols = new Map<string, number>();
  if (table.header.length === 0)
    issues.add(CSV_FILE, 1, '-', `the file is empty: expected a header ${REQUIRED.join(',')}`);
  table.header.forEach((name, i) => {
    if (!REQUIRED.includes(name) && !OPTIONAL.includes(name))
      issues.add(
        CSV_FILE,
        1,
        name || `column ${i + 1}`,
        `unknown column "${name}" (expected ${[...REQUIRED, ...OPTIONAL].join(', ')})`,
      );
    else if (cols.has(name)) issues.add(CSV_FILE, 1, name, `column "${name}" appears twice`);
    else cols.set(name, i);
  });
  for (const name of REQUIRED)
    if (table.header.length > 0 && !cols.has(name)) issues.add(CSV_FILE, 1, name, `missing column "${name}"`);
  issues.throwIfAny();
  const scale = dataset.manifest.ratingScale;
  const ratings: RatingRecord[] = [];
  const seen = new Map<number, number>();
  let user: string | null = null;
  for (const { line, fields } of table.rows) {
    if (fields.length !== table.header.length) {
      issues.add(CSV_FILE, line, '-', `${fields.length} fields where the header has ${table.header.length}`);
      continue;
    }
    const get = (name: string) => (cols.has(name) ? fields[cols.get(name)!]!.trim() : '');
    const u = get('userId');
    if (!INTEGER.test(u)) issues.add(CSV_FILE, line, 'userId', `"${u}" is not a whole number`);
    else if (user === null) user = String(Number(u));
    else if (String(Number(u)) !== user)
      issues.add(
        CSV_FILE,
        line,
        'userId',
        `user ${u} differs from user ${user} above: a personal export holds one user`,
      );
    const idText = get('movieId');
    const id = INTEGER.test(idText) ? Number(idText) : NaN;
    let ok = true;
    if (!(id > 0) || indexOfId(dataset.itemIds, id) < 0) {
      issues.add(
        CSV_FILE,
        line,
        'movieId',
        Number.isNaN(id) ? `"${idText}" is not a whole number` : `movieId ${idText} is not in the dataset`,
      );
      ok = false;
    }
    const valueText = get('rating');
    const value = valueText === '' ? NaN : Number(valueText);
    if (!isOnScale(value, scale) || !Number.isFinite(value)) {
      issues.add(
        CSV_FILE,
        line,
        'rating',
        `"${valueText}" is not on the scale ${scale.min} to ${scale.max} in steps of ${scale.step}`,
      );
      ok = false;
    }
    const t = get('timestamp');
    const seconds = t === '' ? 0 : INTEGER.test(t) ? Number(t) : NaN;
    if (!(seconds >= 0) || seconds > 8.64e12) {
      issues.add(CSV_FILE, line, 'timestamp', `"${t}" is not a whole number of seconds since 1970`);
      ok = false;
    }
    if (!ok) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.add(CSV_FILE, line, 'movieId', `movieId ${id} is rated twice (first on line ${first})`);
      continue;
    }
    seen.set(id, line);
    ratings.push({ item: id, value, time: seconds * 1000 });
  }
  issues.throwIfAny();
  return { ratings, watchlist: [], hidden: [], settings: {} };
}

export type ImportKind = 'matinee-json' | 'ratings-csv' | 'letterboxd' | 'imdb' | 'unknown';

/** Guess which importer a file is for, from its first character or its CSV header. */
export function detectImportKind(text: string): ImportKind {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) return 'matinee-json';
  const header = (t.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (header.includes('movieId') && header.includes('rating')) return 'ratings-csv';
  if (header.includes('Const') && header.includes('Your Rating')) return 'imdb';
  if (header.includes('Name') && header.includes('Rating')) return 'letterboxd';
  return 'unknown';
}
