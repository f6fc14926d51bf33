/**
 * RFC 4180 CSV reader that remembers where every row starts, so that validation errors can name the line.
 * Accepts LF and CRLF line ends and a UTF-8 byte-order mark; a quoted field may span lines.
 */

export interface CsvRow {
  /** 1-based line number in the file where the row starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/** Parse CSV text into a header and rows. Blank lines are skipped. Throws CsvSyntaxError on bad quoting. */
export function parseCsv(text: string, file: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: CsvRow[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    const startLine = line;
    const fields: string[] = [];
    let atRowEnd = false;
    while (!atRowEnd) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        const openLine = line;
        pos++;
        let out = '';
        let chunkStart = pos;
        for (;;) {
          if (pos >= n) throw new CsvSyntaxError(file, openLine, 'unclosed quote: a quoted field never ends');
          const c = text.charCodeAt(pos);
          if (c === QUOTE) {
            if (text.charCodeAt(pos + 1) === QUOTE) {
              out += text.slice(chunkStart, pos + 1);
              pos += 2;
              chunkStart = pos;
              continue;
            }
            out += text.slice(chunkStart, pos);
            pos++;
            break;
          }
          if (c === LF) line++;
          pos++;
        }
        value = out;
        const after = pos < n ? text.charCodeAt(pos) : LF;
        if (after !== COMMA && after !== LF && after !== CR) {
          throw new CsvSyntaxError(file, line, 'unexpected text after a closing quote');
        }
      } else {
        const start = pos;
        while (pos < n) {
          const c = text.charCodeAt(pos);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw new CsvSyntaxError(file, line, 'a quote inside an unquoted field');
          pos++;
        }
        value = text.slice(start, pos);
      }
      fields.push(value);
      if (pos >= n) {
        atRowEnd = true;
      } else {
        const c = text.charCodeAt(pos);
        if (c === COMMA) {
          pos++;
        } else {
          if (c === CR) pos++;
          if (text.charCodeAt(pos) === LF) pos++;
          line++;
          atRowEnd = true;
        }
      }
    }
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    rows.push({ line: startLine, fields });
  }
  const first = rows.shift();
  return { header: first ? first.fields.map((h) => h.trim()) : [], rows };
}

/** Quote a field for output when it needs it (comma, quote, line break, or edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value;
}
