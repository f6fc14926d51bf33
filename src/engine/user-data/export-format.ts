/**
 * Matinee's own export formats and their strict importers.
 *
 * JSON (everything): {format: "matinee-export", version: 1, exportedAt: ISO date, dataset: {name},
 *   ratings: [{item, value, time}], watchlist: [{item, added}], hidden: [{item, added}], settings: {…}};
 *   items are external ids (movieId), times are ms since 1970.
 * CSV (ratings only), in the dataset's ratings.csv layout: userId,movieId,rating,timestamp with timestamp in whole
 *   Unix seconds and userId always EXPORT_USER_ID (0): no dataset uses 0 for a user, so the rows can never be
 *   mistaken for, or merged into, a real user's ratings by accident. Two more columns, title and year, are for the
 *   people reading the file (and for other services' importers); on import the movieId alone decides.
 * Letterboxd CSV (ratings only), in the columns Letterboxd's importer reads: imdbID,Title,Year,Rating,WatchedDate,
 *   so the ratings can move to another service. Matinee reads it back through its Letterboxd importer.
 *
 * Import is all or nothing: every problem is collected with the line and column (CSV) or the JSON path
 * (e.g. "ratings[3].value") and an ImportError is thrown before anything is written.
 */
import { CsvSyntaxError, csvField, parseCsv } from '../dataset/csv.ts';
import { imdbCode, type Dataset, type RatingScale } from '../dataset/dataset.ts';
import { onScale } from '../dataset/manifest.ts';
import { SETTINGS } from './settings.ts';
import { displayTitle } from '../text/display-title.ts';
import { arrayOf, number, object, show, withDefault } from '../validation/shape.ts';
import { day, itemProblem, numberField, ratingProblem, timeProblem } from './fields.ts';
import type { HistorySource } from './external-history.ts';
import { ImportIssues } from './import-error.ts';
import { parseJson } from '../dataset/json-scan.ts';
import { LETTERBOXD_SCALE, toDatasetScale } from './scale.ts';
import type { RatingRecord, UserData } from './user-data.ts';

/** The two formats above: everything as JSON, or the ratings as CSV. */
export type UserFileFormat = 'json' | 'csv';

const EXPORT_FORMAT = 'matinee-export';
const EXPORT_VERSION = 1;
export const EXPORT_USER_ID = 0;
const JSON_FILE = 'export.json';
const CSV_FILE = 'ratings.csv';
/** The ratings CSV's columns. */
const REQUIRED = ['userId', 'movieId', 'rating'];
/** title and year are read by people; the movieId alone names the item. */
const OPTIONAL = ['timestamp', 'title', 'year'];
const RATINGS_HEADER = [...REQUIRED, ...OPTIONAL];

export interface MatineeExport extends UserData {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  dataset: { name: string };
}

const byItem = <T extends { item: number }>(entries: readonly T[]) => [...entries].sort((a, b) => a.item - b.item);

/** The export document for the user's data (items sorted, so equal data gives equal files). */
export function buildExport(data: UserData, datasetName: string, now: Date = new Date()): MatineeExport {
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

/** What an export says about an item besides its id: its name as the app shows it (no year), year and IMDb id. */
export interface ItemLabel {
  id: number;
  title: string;
  /** 0 when unknown. */
  year: number;
  /** "tt0133093", or '' when the catalogue has none. */
  imdbId: string;
}

/** The label of a dense item index, as exports write it. */
export function itemLabel(dataset: Dataset, item: number): ItemLabel {
  const imdb = dataset.imdbIds[item]!;
  return {
    id: dataset.itemIds[item]!,
    title: displayTitle(dataset.titles[item]!).name,
    year: dataset.years[item]!,
    imdbId: imdb > 0 ? imdbCode(imdb) : '',
  };
}

const csvLine = (fields: readonly (string | number)[]) => fields.map((v) => csvField(String(v))).join(',');

/** Ratings in the ratings.csv layout (see the file comment for userId and timestamp), with title and year. */
export function exportRatingsCsv(ratings: readonly RatingRecord[], labels?: ReadonlyMap<number, ItemLabel>): string {
  const rows = byItem(ratings).map((r) => {
    const label = labels?.get(r.item);
    const year = label && label.year > 0 ? label.year : '';
    return csvLine([EXPORT_USER_ID, r.item, r.value, Math.round(r.time / 1000), label?.title ?? '', year]);
  });
  return [RATINGS_HEADER.join(','), ...rows].join('\n') + '\n';
}

/** "2021-03-04": the UTC day of a time in ms, as Letterboxd's WatchedDate and Date columns write it; '' when unknown. */
function isoDay(ms: number): string {
  return ms > 0 ? day(ms) : '';
}

const LETTERBOXD_HEADER = ['imdbID', 'Title', 'Year', 'Rating', 'WatchedDate'];

/**
 * Ratings in the columns Letterboxd's importer reads. Letterboxd rates in half stars from 0.5 to 5: another scale is
 * mapped linearly onto it and rounded to the nearest half star (1–10 becomes exactly value / 2). Items without a label
 * (rated in another dataset, unknown to this one) cannot be named and are left out: the result says how many.
 */
export function exportLetterboxdCsv(
  ratings: readonly RatingRecord[],
  labels: ReadonlyMap<number, ItemLabel>,
  scale: RatingScale,
): { text: string; rows: number; unnamed: number } {
  const rows: string[] = [];
  let unnamed = 0;
  for (const r of byItem(ratings)) {
    const label = labels.get(r.item);
    if (!label || label.title === '') {
      unnamed++;
      continue;
    }
    const stars = toDatasetScale(r.value, scale, LETTERBOXD_SCALE);
    rows.push(csvLine([label.imdbId, label.title, label.year > 0 ? label.year : '', stars, isoDay(r.time)]));
  }
  const text = [LETTERBOXD_HEADER.join(','), ...rows].join('\n') + '\n';
  return { text, rows: rows.length, unnamed };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Filters this dataset cannot apply (a genre it lacks, a decade it has no item in): the home view would offer no
 * such choice, and its list would come back empty.
 */
function checkFilters(settings: UserData['settings'], dataset: Dataset, report: (path: string, m: string) => void) {
  const prefs = settings.recommendationPrefs;
  if (!prefs) return;
  const at = 'settings.recommendationPrefs';
  if (prefs.genre && !dataset.genres.includes(prefs.genre))
    report(`${at}.genre`, `${show(prefs.genre)} is not a genre of this dataset ("" for every genre)`);
  const decade = prefs.decade;
  if (decade && !dataset.years.some((y) => y >= decade && y < decade + 10))
    report(`${at}.decade`, `${decade} is not a decade of this dataset's items (0 for every decade)`);
}

/** An export nests 4 levels deep (settings.onboarding.genres[0]); the rest is room for settings to come. */
const MAX_JSON_DEPTH = 16;
/** Far above an export holding one rating for every item of a dataset 300× larger than MovieLens small. */
const MAX_IMPORT_CHARS = 64 * 2 ** 20;

/** What an export stores, each field checked against the dataset and the clock; other fields are ignored. */
function storedParts(dataset: Dataset, now: number) {
  const item = number('a positive whole number (an item id)', (n) => itemProblem(n, dataset));
  const time = number('a time in ms since 1970', (n) => timeProblem(n, now, 'ms'));
  const scale = dataset.manifest.ratingScale;
  const rating = object({ item, value: number('a rating', (n) => ratingProblem(n, scale)), time });
  // One entry per item at most, so no valid array is longer than the dataset has items.
  const maxLength = dataset.itemIds.length;
  const list = withDefault(
    arrayOf(object({ item, added: time }), { maxLength, unique: { field: 'item', verb: 'listed' } }),
    [],
  );
  return object(
    {
      ratings: arrayOf(rating, { maxLength, unique: { field: 'item', verb: 'rated' } }),
      watchlist: list,
      hidden: list,
      settings: withDefault(SETTINGS, {}),
    },
    { extra: 'ignore' },
  );
}

function checkSize(text: string, file: string, issues: ImportIssues): void {
  if (text.length <= MAX_IMPORT_CHARS) return;
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  issues.add(file, 0, '-', `the file is ${mb(text.length)}; an import is at most ${mb(MAX_IMPORT_CHARS)}`);
  issues.throwIfAny();
}

/**
 * Validate a Matinee JSON export against the dataset: every stored field against its shape, ratings on the scale,
 * times from 1995 to tomorrow (`now`). Throws ImportError listing every problem by JSON path.
 */
export function parseExportJson(
  text: string,
  dataset: Dataset,
  now: number = Date.now(),
  file: string = JSON_FILE,
): UserData {
  const issues = new ImportIssues();
  checkSize(text, file, issues);
  const parsed = parseJson(text, MAX_JSON_DEPTH, (line, column, path, message) =>
    issues.add(file, line, path, message, column),
  );
  issues.throwIfAny();
  const root = parsed!.value;
  if (!isObject(root)) {
    issues.add(file, 1, '-', 'expected a JSON object: a Matinee export');
    issues.throwIfAny();
  }
  const o = root as Json;
  if (o.format !== EXPORT_FORMAT) {
    issues.add(file, 0, 'format', `expected "${EXPORT_FORMAT}", got ${show(o.format)}: not a Matinee export`);
    issues.throwIfAny();
  }
  if (o.version !== EXPORT_VERSION) {
    const newer = typeof o.version === 'number' && o.version > EXPORT_VERSION;
    issues.add(
      file,
      0,
      'version',
      newer
        ? `version ${o.version} was written by a newer Matinee; this one reads version ${EXPORT_VERSION}`
        : `expected ${EXPORT_VERSION}, got ${show(o.version)}`,
    );
  }
  const data = storedParts(dataset, now).check(o, '', (path, message) => issues.add(file, 0, path, message));
  issues.throwIfAny();
  const user = data as UserData;
  checkFilters(user.settings, dataset, (path, message) => issues.add(file, 0, path, message));
  issues.throwIfAny();
  // Within the noise of step arithmetic, a rating is its step as the scale writes it (0.3, not 0.30000000000000004).
  const scale = dataset.manifest.ratingScale;
  return { ...user, ratings: user.ratings.map((r) => ({ ...r, value: onScale(r.value, scale) })) };
}

/**
 * Validate ratings in the ratings.csv layout (one user; any userId) against the dataset, numbers in decimal notation
 * by the same rules as the JSON export. Timestamps are Unix seconds from 1995 to tomorrow (`now`); an empty or
 * absent timestamp means "unknown" (0). Throws ImportError listing every problem.
 */
export function parseRatingsCsv(
  text: string,
  dataset: Dataset,
  now: number = Date.now(),
  file: string = CSV_FILE,
): UserData {
  const issues = new ImportIssues();
  checkSize(text, file, issues);
  let table;
  try {
    table = parseCsv(text, file);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    issues.add(file, e.line, '-', e.detail);
    issues.throwIfAny();
    throw e;
  }
  const cols = new Map<string, number>();
  if (table.header.length === 0) issues.add(file, 1, '-', `the file is empty: expected a header ${REQUIRED.join(',')}`);
  table.header.forEach((name, i) => {
    if (!REQUIRED.includes(name) && !OPTIONAL.includes(name))
      issues.add(
        file,
        1,
        name || `column ${i + 1}`,
        `unknown column "${name}" (expected ${[...REQUIRED, ...OPTIONAL].join(', ')})`,
      );
    else if (cols.has(name)) issues.add(file, 1, name, `column "${name}" appears twice`);
    else cols.set(name, i);
  });
  for (const name of REQUIRED)
    if (table.header.length > 0 && !cols.has(name)) issues.add(file, 1, name, `missing column "${name}"`);
  issues.throwIfAny();
  const scale = dataset.manifest.ratingScale;
  const ratings: RatingRecord[] = [];
  const seen = new Map<number, number>();
  let user: number | null = null;
  for (const { line, fields } of table.rows) {
    if (fields.length !== table.header.length) {
      issues.add(file, line, '-', `${fields.length} fields where the header has ${table.header.length}`);
      continue;
    }
    const get = (name: string) => (cols.has(name) ? fields[cols.get(name)!]! : '');
    /** The field's number, or NaN after reporting why it cannot be kept. */
    const read = (name: string, problem: (n: number) => string | null, notation?: 'whole'): number => {
      const text = get(name);
      const f = numberField(text, problem, notation);
      if (f.problem === null) return f.value;
      issues.add(file, line, name, `${show(text)} ${f.problem}`);
      return NaN;
    };
    const u = read('userId', (n) => (n >= 0 ? null : 'is not a whole number ≥ 0'), 'whole');
    if (user === null) user = Number.isNaN(u) ? null : u;
    else if (!Number.isNaN(u) && u !== user) {
      issues.add(file, line, 'userId', `user ${u} differs from user ${user} above: a personal export holds one user`);
    }
    const id = read('movieId', (n) => itemProblem(n, dataset), 'whole');
    const value = read('rating', (n) => ratingProblem(n, scale));
    const seconds =
      get('timestamp') === '' ? 0 : read('timestamp', (s) => timeProblem(s * 1000, now, 'seconds'), 'whole');
    if ([id, value, seconds].some(Number.isNaN)) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.add(file, line, 'movieId', `movieId ${id} is rated twice (first on line ${first})`);
      continue;
    }
    seen.set(id, line);
    ratings.push({ item: id, value: onScale(value, scale), time: seconds * 1000 });
  }
  issues.throwIfAny();
  return { ratings, watchlist: [], hidden: [], settings: {} };
}

export type ImportKind = 'matinee-json' | 'ratings-csv' | HistorySource | 'unknown';

/** Guess which importer a file is for, from its first character or its CSV header. */
export function detectImportKind(text: string): ImportKind {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) return 'matinee-json';
  const header = (t.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (header.includes('movieId') && header.includes('rating')) return 'ratings-csv';
  if (header.includes('Const') && header.includes('Your Rating')) return 'imdb';
  // Letterboxd's own export names the film "Name"; its import format (and Matinee's Letterboxd export) "Title".
  if ((header.includes('Name') || header.includes('Title')) && header.includes('Rating')) return 'letterboxd';
  return 'unknown';
}
