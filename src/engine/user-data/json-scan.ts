/**
 * A linear pass over JSON text before JSON.parse. It refuses nesting deeper than a bound, before anything recursive
 * (a parser, a structured clone, a message) meets it, and numbers in exponent notation, the one non-decimal form
 * JSON allows. Each problem comes with its line and JSON path. The text need not be valid JSON: JSON.parse judges
 * that afterwards.
 */
import { fieldPath } from '../validation/shape.ts';
import { DECIMAL_NOTATION } from './fields.ts';

export type ScanReport = (line: number, path: string, message: string) => void;

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const isSpace = (c: number) => c === 32 || c === 9 || c === NEWLINE || c === 13;

/** Reports numbers with an exponent, and nesting deeper than maxDepth; returns false when it stopped there. */
export function scanJson(text: string, maxDepth: number, report: ScanReport): boolean {
  // One entry per open container: an array's current index, or the [start, end) of an object's current key.
  const stack: (number | [number, number])[] = [];
  const pathNow = () =>
    stack.reduce<string>((path, p) => {
      if (typeof p === 'number') return `${path}[${p}]`;
      try {
        return fieldPath(path, JSON.parse(text.slice(p[0], p[1])) as string);
      } catch {
        return fieldPath(path, '?');
      }
    }, '') || '-';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    else if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        const s = text.charCodeAt(i);
        if (s === NEWLINE) line++;
        else if (s === BACKSLASH) i++;
      }
      if (typeof stack[stack.length - 1] === 'object') {
        let j = i + 1;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        if (text[j] === ':') stack[stack.length - 1] = [start, i + 1];
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (stack.length >= maxDepth) {
        report(line, pathNow(), `nested deeper than ${maxDepth} levels, which no Matinee export is`);
        return false;
      }
      stack.push(c === 91 ? 0 : [i, i]);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (typeof top === 'number') stack[stack.length - 1] = top + 1;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57) /* 0-9 */) {
      const start = i;
      while (i + 1 < text.length && /[-+.\deE]/.test(text[i + 1]!)) i++;
      const token = text.slice(start, i + 1);
      if (/[eE]/.test(token)) report(line, pathNow(), `${token.slice(0, 40)} is not ${DECIMAL_NOTATION}`);
    }
  }
  return true;
}
