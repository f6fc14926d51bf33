/**
 * The rules every importer applies to the numbers it reads, with one wording for the JSON and the CSV paths:
 * decimal notation, item ids of the dataset, ratings on its scale, and times no earlier than the first MovieLens
 * rating nor later than tomorrow (a time far in the future would win every later merge).
 */
import { indexOfId, type Dataset } from '../dataset/dataset.ts';
import { DECIMAL_NOTATION, parseDecimal } from '../dataset/fields.ts';

export { DECIMAL_NOTATION, parseDecimal } from '../dataset/fields.ts';
export { scaleProblem as ratingProblem } from '../dataset/manifest.ts';

/** Plain decimal notation without a fraction, for ids, users and timestamps. */
const WHOLE = /^-?(?:0|[1-9]\d*)$/;

/**
 * A number field of a text file: its value, and why it cannot be kept (null when it can). Text in another notation
 * is refused with the field's own rule and a hint, so "0x4" and "banana" read like "7" would.
 */
export function numberField(
  text: string,
  problem: (n: number) => string | null,
  notation: 'decimal' | 'whole' = 'decimal',
): { value: number; problem: string | null } {
  const value = notation === 'whole' ? (WHOLE.test(text) ? Number(text) : NaN) : parseDecimal(text);
  if (!Number.isNaN(value)) return { value, problem: problem(value) };
  const hint = notation === 'whole' ? 'written as a whole number (such as 47)' : DECIMAL_NOTATION;
  return { value: NaN, problem: `${problem(NaN)}, ${hint}` };
}

export function itemProblem(id: number, dataset: Dataset): string | null {
  if (!Number.isInteger(id) || id <= 0) return 'is not a positive whole number (an item id)';
  return indexOfId(dataset.itemIds, id) < 0 ? `is not in the dataset "${dataset.manifest.name}"` : null;
}

/** MovieLens's first ratings date from January 1995; nothing a person rated can be older. */
const EARLIEST_TIME = Date.UTC(1995, 0, 1);
const DAY_MS = 86_400_000;

/** A clock a day fast is still believed; further ahead, the time is refused. */
function latestTime(now: number): number {
  return now + DAY_MS;
}

/** Whether a time (ms since 1970) lies between EARLIEST_TIME and latestTime(now). */
export function isPlausibleTime(ms: number, now: number): boolean {
  return Number.isInteger(ms) && ms >= EARLIEST_TIME && ms <= latestTime(now);
}

/** The UTC day of a time, as YYYY-MM-DD. */
export const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** "from 1995-01-01 to <tomorrow>", for messages. */
export function timeRange(now: number): string {
  return `from ${day(EARLIEST_TIME)} to ${day(latestTime(now))}`;
}

/** Why a time in a file (ms or seconds since 1970; 0 = unknown) cannot be kept, or null when it can. */
export function timeProblem(ms: number, now: number, unit: 'ms' | 'seconds'): string | null {
  if (ms === 0 || isPlausibleTime(ms, now)) return null;
  return `is not a whole number of ${unit} since 1970 ${timeRange(now)} (or 0 for unknown)`;
}
