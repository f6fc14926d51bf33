/** What the Letterboxd and IMDb importers share: the result shape, header checks, dates, de-duplication. */
import { CsvSyntaxError, parseCsv, type CsvTable } from '../dataset/csv.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { isPlausibleTime } from './fields.ts';
import { ImportIssues } from './import-error.ts';

/** The sites whose rating exports the app imports (letterboxd.ts, imdb.ts). */
export type HistorySource = 'letterboxd' | 'imdb';

export interface HistoryMatch {
  /** External item id. */
  item: number;
  /** Rating on the dataset's scale. */
  value: number;
  /** ms since 1970; 0 when the file gives no date. */
  time: number;
  /** Line of the file the rating came from. */
  row: number;
}

export interface HistoryUnmatched {
  line: number;
  title: string;
  /** 0 when the file gives none. */
  year: number;
  reason: string;
}

export interface HistoryImport {
  matched: HistoryMatch[];
  unmatched: HistoryUnmatched[];
}

/**
 * Parse the CSV and locate the required columns (a list of names: any one of them will do). A file that is not CSV,
 * or lacks a column, is rejected as a whole (ImportError naming the line and column); problems in single rows are
 * reported per row as unmatched instead.
 */
export function readHistoryTable(
  text: string,
  file: string,
  required: readonly (string | readonly string[])[],
  optional: readonly string[],
): { table: CsvTable; cols: Map<string, number> } {
  const issues = new ImportIssues();
  let table: CsvTable;
  try {
    table = parseCsv(text, file);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    issues.add(file, e.line, '-', e.detail);
    issues.throwIfAny();
    throw e; // unreachable: throwIfAny threw
  }
  const choices = required.map((names) => (typeof names === 'string' ? [names] : names));
  const known = new Set([...choices.flat(), ...optional]);
  const cols = new Map<string, number>();
  table.header.forEach((name, i) => {
    if (known.has(name) && !cols.has(name)) cols.set(name, i);
  });
  if (table.header.length === 0)
    issues.add(file, 1, '-', `the file is empty: expected a header with ${choices.map((c) => c[0]).join(', ')}`);
  else
    for (const names of choices)
      if (!names.some((name) => cols.has(name)))
        issues.add(file, 1, names[0]!, `missing column ${names.map((n) => `"${n}"`).join(' or ')}`);
  issues.throwIfAny();
  return { table, cols };
}

/** One data row of a history table, with the title and year every importer reads first. */
export interface HistoryRow {
  line: number;
  /** The row's field in a column; '' when the file lacks the column. */
  field: (name: string) => string;
  title: string;
  /** The Year field as written, for messages. */
  yearText: string;
  /** parseYear(yearText): 0 when empty, NaN when not a year. */
  year: number;
}

/** A row's rating (external item id, value on the dataset's scale, time), or the reason it did not match. */
export type RowOutcome = { item: number; value: number; time: number } | string;

/**
 * Run `matchRow` over the table's rows and gather the result: matches keep their line, misses their title and year,
 * rows whose field count differs from the header's are unmatched without being read, and an item rated twice keeps
 * its newest rating (keepNewestPerItem).
 */
export function collectHistory(
  table: CsvTable,
  cols: Map<string, number>,
  titleColumn: string,
  matchRow: (row: HistoryRow) => RowOutcome,
): HistoryImport {
  const result: HistoryImport = { matched: [], unmatched: [] };
  const titles = new Map<number, { title: string; year: number }>();
  for (const { line, fields } of table.rows) {
    const field = (name: string) => (cols.has(name) ? (fields[cols.get(name)!] ?? '') : '');
    const title = field(titleColumn).trim();
    const yearText = field('Year');
    const year = parseYear(yearText);
    const shown = { title, year: Number.isNaN(year) ? 0 : year };
    titles.set(line, shown);
    const outcome =
      fields.length !== table.header.length
        ? `${fields.length} fields where the header has ${table.header.length}`
        : matchRow({ line, field, title, yearText, year });
    if (typeof outcome === 'string') result.unmatched.push({ line, ...shown, reason: outcome });
    else result.matched.push({ ...outcome, row: line });
  }
  keepNewestPerItem(result, titles);
  return result;
}

const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;

/**
 * "2021-03-04" → ms at UTC midnight; 0 for an empty field; NaN when malformed, not a real date, or outside the
 * times an import accepts (isPlausibleTime: 1995 to the day after `now`).
 */
export function parseDate(s: string, now: number): number {
  if (s.trim() === '') return 0;
  const m = ISO_DATE.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  const real = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
  return real && isPlausibleTime(ms, now) ? ms : NaN;
}

/** A four-digit year, 0 when empty, NaN when not a year. */
export function parseYear(s: string): number {
  const t = s.trim();
  if (t === '') return 0;
  return /^\d{4}$/.test(t) ? Number(t) : NaN;
}

/**
 * One rating per item: when a file rates the same item twice (two entries of one film, or two films that map to
 * one item) the newer rating wins, as in the merge with local ratings; the older row is reported as unmatched.
 */
export function keepNewestPerItem(result: HistoryImport, titleOfLine: Map<number, { title: string; year: number }>) {
  const best = new Map<number, HistoryMatch>();
  for (const m of result.matched) {
    const prev = best.get(m.item);
    if (prev === undefined || m.time > prev.time) best.set(m.item, m);
  }
  const kept = new Set(best.values());
  for (const m of result.matched) {
    if (kept.has(m)) continue;
    const winner = best.get(m.item)!;
    const t = titleOfLine.get(m.row) ?? { title: '', year: 0 };
    result.unmatched.push({ line: m.row, ...t, reason: `same item as line ${winner.row}, which is newer or first` });
  }
  result.matched = result.matched.filter((m) => kept.has(m));
  result.unmatched.sort((a, b) => a.line - b.line);
}

const IMDB_ID = /^\s*tt(\d{1,10})\s*$/;

/** "tt0133093" → 133093; NaN when the field is empty or not an IMDb title id. */
export function parseImdbId(text: string): number {
  const m = IMDB_ID.exec(text);
  return m ? Number(m[1]) : NaN;
}

/** IMDb numeric id → dense item index, from the dataset's links (the first item wins when two share one). */
export function imdbIndex(dataset: Dataset): Map<number, number> {
  const m = new Map<number, number>();
  dataset.imdbIds.forEach((id, i) => {
    if (id > 0 && !m.has(id)) m.set(id, i);
  });
  return m;
}
