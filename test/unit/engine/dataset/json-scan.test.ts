/**
 * The JSON scan that runs before JSON.parse judges JSON as the platform does: it refuses exactly the texts
 * JSON.parse throws on, and names the line and column of the first character that breaks the grammar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../../../src/engine/dataset/json-scan.ts';

/** Whether the scan lets JSON.parse read the text (problems in values, such as exponents, aside). */
const readable = (text: string) => scanJson(text, 10_000, () => {});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON text with one edit of the kind a hand or a broken tool makes: a character dropped, added or swapped. */
const edited = fc
  .tuple(
    fc.json({ maxDepth: 4 }),
    fc.nat(),
    fc.constantFrom('drop', 'add', 'swap'),
    fc.constantFrom(...'{}[]":,\\ \n\t0123456789-+.eEtrufalsn\u0001\u2028x'),
  )
  .map(([text, at, edit, c]) => {
    const k = text.length === 0 ? 0 : at % text.length;
    if (edit === 'drop') return text.slice(0, k) + text.slice(k + 1);
    if (edit === 'add') return text.slice(0, k) + c + text.slice(k);
    return text.slice(0, k) + c + text.slice(k + 1);
  });

describe('scanJson', () => {
  it('reads every JSON text JSON.parse reads, pretty-printed or not', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(readable(JSON.stringify(value))).toBe(true);
        expect(readable(JSON.stringify(value, null, 2))).toBe(true);
      }),
    );
  });

  it('refuses exactly the edited texts JSON.parse refuses', () => {
    fc.assert(
      fc.property(fc.oneof(edited, fc.string({ maxLength: 12 })), (text) => {
        expect(readable(text)).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('names the line and column where a text cut short ends', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), fc.nat(), (json, at) => {
        const pretty = JSON.stringify(JSON.parse(json), null, 2);
        // Cuts after a bracket, a comma, a colon or a space: what follows is missing, so the end is at fault.
        const cuts = [...pretty].flatMap((c, k) => ('{[,: \n'.includes(c) ? [k + 1] : []));
        fc.pre(cuts.length > 0);
        const text = pretty.slice(0, cuts[at % cuts.length]);
        const where: [number, number][] = [];
        expect(scanJson(text, 10_000, (line, column) => where.push([line, column]))).toBe(false);
        const lines = text.split('\n');
        // The last problem named (an exponent such as 5e-324 before it is named too, and read past).
        expect(where.at(-1)).toEqual([lines.length, lines.at(-1)!.length + 1]);
      }),
    );
  });

  it('reports an exponent, a duplicate name and deep nesting, and reads on past the first two', () => {
    const seen: string[] = [];
    const ok = scanJson('{\n "a": 1e3,\n "a": [[[[1]]]]\n}', 4, (line, column, path, message) =>
      seen.push(`${line}:${column} ${path} ${message}`),
    );
    expect(ok).toBe(false);
    expect(seen).toEqual([
      '2:7 a 1e3 is not written in decimal notation (such as 4 or 3.5)',
      '3:2 a named twice in one object (first on line 2); a file says each once',
      '3:10 a[0][0][0] nested deeper than 4 levels, which no Matinee file is',
    ]);
  });
});
