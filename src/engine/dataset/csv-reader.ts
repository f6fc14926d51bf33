/**
 * Incremental RFC 4180 CSV reader: text arrives in pieces of any size (a file streamed in chunks) and every
 * complete row is handed to a callback as soon as it is read, so a file never has to fit in one string and no
 * object is kept per row. The row is the reader itself: field boundaries in its current text, read through
 * `field(k)`, or through the number readers that parse plain digits in place without making a string.
 * Accepts LF and CRLF line ends and a UTF-8 byte-order mark; a quoted field may span lines (and pieces).
 */

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
const DOT = 46; // .
const MINUS = 45; // -
const ZERO = 48;
const LF = 10;
const CR = 13;
/** Digits a double holds exactly: plain numbers up to this length are parsed in place, longer ones by Number. */
const EXACT_DIGITS = 15;
const POW10 = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => 10 ** i);

/** Position marking a row that runs past the end of the text received so far. */
const INCOMPLETE = -1;

export class CsvReader {
  /** 1-based line on which the current row starts. */
  line = 0;
  /** Number of fields in the current row. */
  count = 0;
  private text = '';
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** 1 when the field was quoted and holds doubled quotes to undo. */
  private doubled = new Uint8Array(16);
  /** Unscanned text: the start of a row whose end has not arrived yet. */
  private pending = '';
  private pendingLine = 1;
  private started = false;
  private finished = false;

  constructor(
    readonly file: string,
    private readonly onRow: (row: CsvReader) => void,
  ) {}

  /** Read the next piece of the file; complete rows are handed to the callback before this returns. */
  push(text: string): void {
    if (this.finished) throw new Error(`${this.file}: push after end`);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.pending = this.pending.length > 0 ? this.pending + text : text;
    this.scan(false);
  }

  /** The file is complete: read the last row. Throws CsvSyntaxError on a quote left open. */
  end(): void {
    if (this.finished) return;
    this.scan(true);
    this.finished = true;
    this.text = '';
  }

  /** The line the next piece of text begins on: after the rows read so far and the start of one still open. */
  get nextLine(): number {
    let line = this.pendingLine;
    const text = this.pending;
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || (c === CR && text.charCodeAt(p + 1) !== LF)) line++;
    }
    return line;
  }

  /** Field k of the current row as a string, quotes undone. */
  field(k: number): string {
    const s = this.text.slice(this.starts[k]!, this.ends[k]!);
    return this.doubled[k] ? s.replaceAll('""', '"') : s;
  }

  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.field(k);
    return out;
  }

  /** Field k as a number when it is plain digits (at most 15, nothing else), else -1. */
  digits(k: number): number {
    return this.digitsIn(this.starts[k]!, this.ends[k]!);
  }

  /** Field k when it is an optional minus and plain digits, else NaN; the same value Number() gives. */
  integer(k: number): number {
    const start = this.starts[k]!;
    const negative = this.text.charCodeAt(start) === MINUS;
    const v = this.digitsIn(negative ? start + 1 : start, this.ends[k]!);
    return v < 0 ? NaN : negative ? -v : v;
  }

  /**
   * Field k when it is plain digits with an optional fraction ("4", "3.5"; not "4.", "04" or "-4", left to the
   * caller's parseDecimal), else NaN. The result is one correctly rounded division of two exact integers, so it is
   * the double Number() gives for the same text.
   */
  decimal(k: number): number {
    const text = this.text;
    const start = this.starts[k]!;
    const end = this.ends[k]!;
    let v = 0;
    let digits = 0;
    let fraction = -1;
    for (let p = start; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === DOT && fraction < 0 && digits > 0) {
        fraction = 0;
        continue;
      }
      const d = c - ZERO;
      if (d < 0 || d > 9 || ++digits > EXACT_DIGITS) return NaN;
      // A leading zero is only "0" itself, before a point or alone.
      if (digits === 2 && v === 0 && fraction < 0) return NaN;
      v = v * 10 + d;
      if (fraction >= 0) fraction++;
    }
    if (digits === 0 || fraction === 0) return NaN;
    return fraction > 0 ? v / POW10[fraction]! : v;
  }

  private digitsIn(start: number, end: number): number {
    if (end <= start || end - start > EXACT_DIGITS) return -1;
    const text = this.text;
    let v = 0;
    for (let p = start; p < end; p++) {
      const d = text.charCodeAt(p) - ZERO;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  private scan(final: boolean): void {
    const text = this.pending;
    this.text = text;
    const n = text.length;
    let pos = 0;
    let line = this.pendingLine;
    while (pos < n) {
      const rowStart = pos;
      const rowLine = line;
      let count = 0;
      let atRowEnd = false;
      while (!atRowEnd) {
        if (count === this.starts.length) this.widen();
        let start: number;
        let end: number;
        let doubled = 0;
        if (text.charCodeAt(pos) === QUOTE) {
          const openLine = line;
          pos++;
          start = pos;
          for (;;) {
            if (pos >= n) {
              if (final) throw new CsvSyntaxError(this.file, openLine, 'unclosed quote: a quoted field never ends');
              pos = INCOMPLETE;
              break;
            }
            const c = text.charCodeAt(pos);
            if (c === QUOTE) {
              if (pos + 1 >= n && !final) {
                pos = INCOMPLETE;
                break;
              }
              if (text.charCodeAt(pos + 1) === QUOTE) {
                doubled = 1;
                pos += 2;
                continue;
              }
              break;
            }
            if (c === LF) line++;
            pos++;
          }
          if (pos === INCOMPLETE) break;
          end = pos;
          pos++;
          const after = pos < n ? text.charCodeAt(pos) : LF;
          if (after !== COMMA && after !== LF && after !== CR) {
            throw new CsvSyntaxError(this.file, line, 'unexpected text after a closing quote');
          }
        } else {
          start = pos;
          while (pos < n) {
            const c = text.charCodeAt(pos);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) throw new CsvSyntaxError(this.file, line, 'a quote inside an unquoted field');
            pos++;
          }
          end = pos;
        }
        this.starts[count] = start;
        this.ends[count] = end;
        this.doubled[count] = doubled;
        count++;
        if (pos >= n) {
          if (!final) pos = INCOMPLETE;
          atRowEnd = true;
        } else {
          const c = text.charCodeAt(pos);
          if (c === COMMA) {
            pos++;
          } else {
            // A CR at the end of the text received so far may be the first half of a CRLF.
            if (c === CR && ++pos >= n && !final) pos = INCOMPLETE;
            else if (text.charCodeAt(pos) === LF) pos++;
            line++;
            atRowEnd = true;
          }
        }
      }
      if (pos === INCOMPLETE) {
        this.pending = text.slice(rowStart);
        this.pendingLine = rowLine;
        return;
      }
      if (count === 1 && this.ends[0] === this.starts[0]) continue; // blank line
      this.line = rowLine;
      this.count = count;
      this.onRow(this);
    }
    this.pending = '';
    this.pendingLine = line;
  }

  private widen(): void {
    const n = this.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.starts = grow(this.starts, new Int32Array(n));
    this.ends = grow(this.ends, new Int32Array(n));
    this.doubled = grow(this.doubled, new Uint8Array(n));
  }
}
