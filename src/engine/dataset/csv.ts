/**
 * A whole CSV text as a table of rows that remember where they start, so that validation errors can name the
 * line (the reading itself is csv-reader.ts, which also takes a file in pieces); and quoting for output.
 */

import { CsvReader } from './csv-reader.ts';

export { CsvSyntaxError } from './csv-reader.ts';

export interface CsvRow {
  /** 1-based line number in the file where the row starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Parse CSV text into a header and rows. Blank lines are skipped. Throws CsvSyntaxError on bad quoting. */
export function parseCsv(text: string, file: string): CsvTable {
  const rows: CsvRow[] = [];
  const reader = new CsvReader(file, (row) => void rows.push({ line: row.line, fields: row.fields() }));
  reader.push(text);
  reader.end();
  const first = rows.shift();
  return { header: first ? first.fields.map((h) => h.trim()) : [], rows };
}

/** Quote a field for output when it needs it (comma, quote, line break, or edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value;
}
