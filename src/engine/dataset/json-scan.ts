/**
 * A linear pass over JSON text before JSON.parse, which judges what JSON.parse cannot be asked about: each problem
 * comes with its line, column and JSON path, in every browser alike (JSON.parse's messages differ between engines,
 * and some name no position at all). It refuses
 * - text that is not JSON (RFC 8259), at the first character that breaks the grammar;
 * - nesting deeper than a bound, before anything recursive (a parser, a structured clone, a message) meets it;
 * - a field named twice in one object, which JSON.parse would settle silently by keeping the last;
 * - numbers in exponent notation, the one form JSON allows that is not plain decimal notation.
 * Once it has passed, JSON.parse builds the value.
 */
import { DECIMAL_NOTATION } from './fields.ts';
import { fieldPath } from './json-path.ts';

export type ScanReport = (line: number, column: number, path: string, message: string) => void;

interface Open {
  /** An array's current index, or the object's current field name (null before the first). */
  at: number | string | null;
  /** An object's field names so far, with the line of each. */
  names: Map<string, number> | null;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const WORD = /[\w.+-]{1,20}/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * Reports every problem above through `report`; returns false when it had to stop (the text is not JSON, or nests
 * too deep), true when JSON.parse may read it (the problems reported, if any, are in its values).
 */
export function scanJson(text: string, maxDepth: number, report: ScanReport): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const stack: Open[] = [];

  const path = () =>
    stack.reduce<string>(
      (p, o) => (typeof o.at === 'number' ? `${p}[${o.at}]` : o.at === null ? p : fieldPath(p, o.at)),
      '',
    ) || '-';
  const say = (at: number, where: string, message: string) => report(line, at - lineStart + 1, where, message);
  const found = (): string => {
    if (i >= n) return 'the end of the file';
    if (text.charCodeAt(i) === 34) {
      const end = text.indexOf('"', i + 1);
      return `the string ${end < 0 || end - i > 40 ? text.slice(i, i + 40) + '…' : text.slice(i, end + 1)}`;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    return word ? JSON.stringify(word[0]) : JSON.stringify(text[i]);
  };
  const fail = (expected: string): false => {
    say(i, path(), `not valid JSON: expected ${expected}, found ${found()}`);
    return false;
  };
  const skipSpace = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = i + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) return;
    }
  };
  /** A string at i (its opening quote); false after reporting why it is not one. */
  const string = (): boolean => {
    for (i++; i < n;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c === 92) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) return fail('an escape such as \\n, \\" or \\u00e9 after a backslash');
        i = ESCAPE.lastIndex;
      } else if (c < 32) {
        say(i, path(), 'not valid JSON: a line break or control character inside a string must be escaped');
        return false;
      } else i++;
    }
    return fail('the closing quote of a string');
  };
  /** An object's field name at i and its colon; false after reporting. */
  const name = (): boolean => {
    if (text.charCodeAt(i) !== 34) return fail('a field name in double quotes');
    const start = i;
    const startColumn = i - lineStart + 1;
    if (!string()) return false;
    const raw = text.slice(start + 1, i - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
    const open = stack[stack.length - 1]!;
    open.at = key;
    const first = open.names!.get(key);
    if (first !== undefined)
      report(line, startColumn, path(), `named twice in one object (first on line ${first}); a file says each once`);
    else open.names!.set(key, line);
    skipSpace();
    if (text.charCodeAt(i) !== 58) return fail('":" after a field name');
    i++;
    return true;
  };

  let expectValue = true;
  for (;;) {
    skipSpace();
    if (expectValue) {
      const c = text.charCodeAt(i);
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (stack.length >= maxDepth) {
          say(i, path(), `nested deeper than ${maxDepth} levels, which no Matinee file is`);
          return false;
        }
        const object = c === 123;
        stack.push({ at: object ? null : 0, names: object ? new Map() : null });
        i++;
        skipSpace();
        if (text.charCodeAt(i) === (object ? 125 : 93)) {
          i++;
          stack.pop();
          expectValue = false;
        } else if (object && !name()) return false;
        continue;
      }
      if (c === 34) {
        if (!string()) return false;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) return fail('a number');
        if (m[1] !== undefined) say(i, path(), `${m[0].slice(0, 40)} is not ${DECIMAL_NOTATION}`);
        i = NUMBER.lastIndex;
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i));
        if (!literal) return fail('a value');
        i += literal.length;
      }
      expectValue = false;
      continue;
    }
    const open = stack[stack.length - 1];
    if (!open) return i >= n || fail('the end of the file after the JSON value');
    const c = text.charCodeAt(i);
    const object = open.names !== null;
    if (c === 44 /* , */) {
      i++;
      if (object) {
        open.at = null;
        skipSpace();
        if (!name()) return false;
      } else open.at = (open.at as number) + 1;
      expectValue = true;
    } else if (c === (object ? 125 : 93)) {
      i++;
      stack.pop();
    } else return fail(object ? '"," or "}" after a field' : '"," or "]" after an entry');
  }
}

/**
 * The value of JSON text, read by JSON.parse once scanJson found nothing to report; otherwise null, after reporting
 * every problem it found.
 */
export function parseJson(text: string, maxDepth: number, report: ScanReport): { value: unknown } | null {
  let clean = true;
  const readable = scanJson(text, maxDepth, (...problem) => {
    clean = false;
    report(...problem);
  });
  return readable && clean ? { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown } : null;
}
