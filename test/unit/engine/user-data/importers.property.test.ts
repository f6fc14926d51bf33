/**
 * Property tests: random rows and garbage at every importer. Each must return a result or throw an ImportError
 * whose issues name a line and a field (or JSON path) — never crash with anything else, never hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../../src/engine/dataset/csv.ts';
import {
  buildExport,
  exportJson,
  parseExportJson,
  parseRatingsCsv,
} from '../../../../src/engine/user-data/export-format.ts';
import type { HistoryImport } from '../../../../src/engine/user-data/external-history.ts';
import { importImdb } from '../../../../src/engine/user-data/imdb.ts';
import { ImportError } from '../../../../src/engine/user-data/import-error.ts';
import { importLetterboxd } from '../../../../src/engine/user-data/letterboxd.ts';
import { plausibleTime, validUserData } from './arbitraries.ts';
import { tinyDataset } from './tiny-dataset.ts';

const d = tinyDataset();
const RUNS = { numRuns: 300 };

/** Run an importer; an ImportError is fine when every issue says where; anything else fails the property. */
function resultOrClearError<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    expect(e.total).toBeGreaterThanOrEqual(e.issues.length);
    for (const i of e.issues) {
      expect(Number.isInteger(i.line) && i.line >= 0).toBe(true);
      expect(i.field).not.toBe('');
      expect(i.message).not.toBe('');
    }
    return null;
  }
}

/** Every data row of a history file is either matched or unmatched, exactly once, at its own line. */
function accountsForEveryRow(r: HistoryImport, text: string): void {
  const lines = [...r.matched.map((m) => m.row), ...r.unmatched.map((u) => u.line)].sort((a, b) => a - b);
  expect(new Set(lines).size).toBe(lines.length);
  const total = text.split(/\r\n|\r|\n/).length; // line ends as parseCsv counts them, a lone CR included
  for (const l of lines) expect(l >= 2 && l <= total).toBe(true);
  for (const m of r.matched) {
    expect(d.itemIds).toContain(m.item);
    expect(m.value >= 0.5 && m.value <= 5 && Number.isInteger(m.value * 2)).toBe(true);
    expect(Number.isFinite(m.time)).toBe(true);
  }
  for (const u of r.unmatched) expect(u.reason).not.toBe('');
  expect(new Set(r.matched.map((m) => m.item)).size).toBe(r.matched.length);
}

/** Field values: plausible ones mixed with garbage, quotes, commas and line breaks. */
const fieldValue = fc.oneof(
  fc.constantFrom(...d.titles, 'The Matrix', 'Amélie', 'Titanic', 'Das Boot', ''),
  fc.constantFrom('1999', '1953', '2001', '0', '-1', '19999', 'abc'),
  fc.constantFrom('0.5', '3', '4.5', '5', '10', '11', '1.5', 'NaN', '1e309', '-0'),
  fc.constantFrom('2020-01-01', '2020-02-30', '2020/01/01', 'tt0133093', 'tt', 'tt99999999999'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** A CSV text with the given header candidates, rows of random width, sometimes quoted, sometimes raw. */
function csvText(columns: string[]): fc.Arbitrary<string> {
  const header = fc.oneof(
    fc.constant(columns),
    fc.shuffledSubarray(columns, { minLength: 1 }),
    fc.array(fc.oneof(fc.constantFrom(...columns), fc.string({ maxLength: 6 })), { maxLength: 8 }),
  );
  const row = fc.array(fieldValue, { maxLength: columns.length + 2 });
  const quoted = fc.boolean();
  return fc
    .tuple(header, fc.array(fc.tuple(row, quoted), { maxLength: 25 }), fc.constantFrom('\n', '\r\n'))
    .map(([h, rows, eol]) =>
      [h.map(csvField).join(','), ...rows.map(([r, q]) => r.map((v) => (q ? csvField(v) : v)).join(','))].join(eol),
    );
}

const LETTERBOXD = ['Date', 'Name', 'Year', 'Letterboxd URI', 'Rating'];
const IMDB = ['Const', 'Your Rating', 'Date Rated', 'Title', 'Original Title', 'URL', 'Title Type', 'Year'];
const RATINGS = ['userId', 'movieId', 'rating', 'timestamp'];

describe.each([
  ['Letterboxd', LETTERBOXD, importLetterboxd],
  ['IMDb', IMDB, importImdb],
] as const)('%s importer on random input', (_name, columns, importer) => {
  it('accounts for every row of random CSV, or rejects the file with a line and field', () => {
    fc.assert(
      fc.property(csvText([...columns]), (text) => {
        const r = resultOrClearError(() => importer(text, d));
        if (r) accountsForEveryRow(r, text);
      }),
      RUNS,
    );
  });

  it('survives arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        resultOrClearError(() => importer(text, d));
      }),
      RUNS,
    );
  });
});

describe('ratings CSV importer on random input', () => {
  it('returns valid ratings or rejects with a line and field', () => {
    fc.assert(
      fc.property(csvText(RATINGS), fc.string({ unit: 'binary', maxLength: 300 }), (text, junk) => {
        for (const t of [text, junk]) {
          const r = resultOrClearError(() => parseRatingsCsv(t, d));
          if (!r) continue;
          for (const x of r.ratings) {
            expect(d.itemIds).toContain(x.item);
            expect(x.time).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      RUNS,
    );
  });

  it('round-trips any valid ratings', () => {
    const rating = fc.record({
      item: fc.constantFrom(...d.itemIds),
      value: fc.integer({ min: 1, max: 10 }).map((v) => v / 2),
      time: plausibleTime.map((ms) => Math.floor(ms / 1000) * 1000),
    });
    fc.assert(
      fc.property(fc.uniqueArray(rating, { selector: (r) => r.item }), (ratings) => {
        const csv = [
          'userId,movieId,rating,timestamp',
          ...ratings.map((r) => `0,${r.item},${r.value},${r.time / 1000}`),
        ].join('\n');
        expect(parseRatingsCsv(csv, d).ratings).toEqual(ratings);
      }),
    );
  });
});

describe('Matinee JSON importer on random input', () => {
  const validData = validUserData(d);

  it('round-trips any valid data', () => {
    fc.assert(
      fc.property(validData, (data) => {
        const back = parseExportJson(exportJson(data, 'Tiny'), d);
        const byItem = <T extends { item: number }>(a: T[]) => [...a].sort((x, y) => x.item - y.item);
        expect(byItem(back.ratings)).toEqual(byItem(data.ratings));
        expect(byItem(back.watchlist)).toEqual(byItem(data.watchlist));
        expect(back.settings).toEqual(JSON.parse(JSON.stringify(data.settings)));
      }),
      RUNS,
    );
  });

  it('a valid export with any one value replaced by random JSON is accepted only if still valid', () => {
    const keys = ['format', 'version', 'ratings', 'watchlist', 'hidden', 'settings', 'item', 'value', 'time', 'added'];
    fc.assert(
      fc.property(
        validData,
        fc.constantFrom(...keys),
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(),
        (data, key, junk, k) => {
          const doc = JSON.parse(JSON.stringify(buildExport(data, 'Tiny'))) as Record<string, unknown>;
          const targets: Record<string, unknown>[] = [doc];
          for (const list of ['ratings', 'watchlist', 'hidden'] as const) {
            targets.push(...(doc[list] as Record<string, unknown>[]));
          }
          const target = targets[k % targets.length]!;
          if (key in target) target[key] = junk;
          const r = resultOrClearError(() => parseExportJson(JSON.stringify(doc), d));
          if (r) {
            for (const x of r.ratings) expect(d.itemIds).toContain(x.item);
            for (const x of [...r.watchlist, ...r.hidden]) expect(d.itemIds).toContain(x.item);
          }
        },
      ),
      RUNS,
    );
  });

  it('survives arbitrary JSON and arbitrary text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 300 }), (json, text) => {
        resultOrClearError(() => parseExportJson(JSON.stringify(json) ?? 'null', d));
        resultOrClearError(() => parseExportJson(text, d));
      }),
      RUNS,
    );
  });
});
