/**
 * Checks shared by every CSV file of a dataset folder: the header, a row's width, ids and timestamps; and the one
 * grammar of a number with a fraction, shared by the dataset folder and every import (user-data/fields.ts).
 */
import type { CsvReader } from './csv-reader.ts';
import type { IssueList } from './issues.ts';
import { MAX_TIMESTAMP } from './storable.ts';

const POSITIVE_INT = /^\s*\d+\s*$/;
const INTEGER = /^\s*-?\d+\s*$/;
export const MAX_ID = 0x7fffffff;

/**
 * Plain decimal notation: JSON's number grammar without its exponent ("4", "3.5", "-1"). Not "4.", ".5", "04", "+4",
 * "0x4", "4e0" or "Infinity", which Number() forgives, so that a file means the same to the build and to an import.
 */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** The number a text writes in plain decimal notation, NaN for any other text. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

export const DECIMAL_NOTATION = 'written in decimal notation (such as 4 or 3.5)';

export interface Columns {
  [name: string]: number;
}

/** Check the header against required and optional columns; returns column positions or null. */
export function readHeader(
  header: string[],
  file: string,
  required: string[],
  optional: string[],
  issues: IssueList,
): Columns | null {
  if (header.length === 0) {
    issues.add(file, 1, '-', 'the file is empty: expected a header line ' + required.join(','));
    return null;
  }
  const cols: Columns = {};
  let ok = true;
  header.forEach((name, i) => {
    if (!required.includes(name) && !optional.includes(name)) {
      issues.add(file, 1, name, `unknown column "${name}" (expected ${[...required, ...optional].join(', ')})`);
      ok = false;
    } else if (name in cols) {
      issues.add(file, 1, name, `column "${name}" appears twice`);
      ok = false;
    } else cols[name] = i;
  });
  for (const name of required) {
    if (!(name in cols)) {
      issues.add(file, 1, name, `missing column "${name}"`);
      ok = false;
    }
  }
  return ok ? cols : null;
}

/** False (with an issue) when a row of `count` fields has too few or too many for the header. */
export function checkWidth(count: number, line: number, file: string, header: string[], issues: IssueList): boolean {
  if (count < header.length) {
    issues.add(file, line, header[count]!, `too few fields: ${count} of ${header.length}`);
    return false;
  }
  if (count > header.length) {
    issues.add(file, line, '-', `too many fields: ${count} where the header has ${header.length}`);
    return false;
  }
  return true;
}

export function positiveId(value: string, file: string, line: number, field: string, issues: IssueList): number {
  if (!POSITIVE_INT.test(value)) {
    issues.add(file, line, field, `"${value}" is not a positive whole number`);
    return -1;
  }
  const id = Number(value);
  if (id <= 0 || id > MAX_ID) {
    issues.add(file, line, field, `${value} is out of range (1 to ${MAX_ID})`);
    return -1;
  }
  return id;
}

export function timestamp(value: string, file: string, line: number, field: string, issues: IssueList): number {
  if (!INTEGER.test(value)) {
    issues.add(file, line, field, `"${value}" is not a whole number of seconds`);
    return NaN;
  }
  const t = Number(value);
  if (Math.abs(t) > MAX_TIMESTAMP) {
    issues.add(file, line, field, `${value.trim()} is out of range (-${MAX_TIMESTAMP} to ${MAX_TIMESTAMP} seconds)`);
    return NaN;
  }
  return t;
}

/** positiveId of field k of a streamed row: plain digits are read in place, anything else as text. */
export function idAt(row: CsvReader, k: number, file: string, field: string, issues: IssueList): number {
  const v = row.digits(k);
  return v > 0 && v <= MAX_ID ? v : positiveId(row.field(k), file, row.line, field, issues);
}

/** timestamp of field k of a streamed row, read in place when it is plain digits. */
export function timestampAt(row: CsvReader, k: number, file: string, field: string, issues: IssueList): number {
  const v = row.integer(k);
  return Number.isNaN(v) || Math.abs(v) > MAX_TIMESTAMP ? timestamp(row.field(k), file, row.line, field, issues) : v;
}
