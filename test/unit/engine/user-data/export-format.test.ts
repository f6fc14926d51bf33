import { describe, expect, it } from 'vitest';
import {
  buildExport,
  detectImportKind,
  EXPORT_USER_ID,
  exportJson,
  exportLetterboxdCsv,
  exportRatingsCsv,
  itemLabel,
  parseExportJson,
  parseRatingsCsv,
} from '../../../../src/engine/user-data/export-format.ts';
import { ImportError } from '../../../../src/engine/user-data/import-error.ts';
import { importLetterboxd } from '../../../../src/engine/user-data/letterboxd.ts';
import type { UserData } from '../../../../src/engine/user-data/user-data.ts';
import { tinyDataset } from './tiny-dataset.ts';

const d = tinyDataset();
const data: UserData = {
  ratings: [
    { item: 2571, value: 4.5, time: 1_600_000_000_123 },
    { item: 1, value: 0.5, time: 0 },
  ],
  watchlist: [{ item: 47, added: 1_700_000_000_005 }],
  hidden: [{ item: 1233, added: 1_700_000_000_006 }],
  settings: {
    onboarding: { done: true, genres: ['Drama'] },
    recommendationPrefs: {
      algorithm: 'mf',
      sort: 'popular',
      diversity: 0.4,
      popularity: 0.5,
      genre: 'Comedy',
      decade: 1980,
    },
  },
};
/** A time the importers accept (from 1995 to tomorrow), plus n ms. */
const T = (n: number) => 1_600_000_000_000 + n;

/** The issues of the ImportError thrown by f, as "where field: message" lines. */
function issuesOf(f: () => unknown): { line: number; field: string; message: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as ImportError).issues.map(({ line, field, message }) => ({ line, field, message }));
  }
  throw new Error('expected an ImportError');
}

describe('Matinee JSON export', () => {
  it('is versioned, names the dataset, sorts by item, and parses back to the same data', () => {
    const doc = buildExport(data, 'Tiny', new Date('2026-01-02T03:04:05Z'));
    expect(doc).toMatchObject({ format: 'matinee-export', version: 1, exportedAt: '2026-01-02T03:04:05.000Z' });
    expect(doc.dataset).toEqual({ name: 'Tiny' });
    expect(doc.ratings.map((r) => r.item)).toEqual([1, 2571]);
    const back = parseExportJson(exportJson(data, 'Tiny'), d);
    expect(back).toEqual({ ...data, ratings: [...data.ratings].reverse() });
  });

  it('names the JSON path of every problem, and accepts none of the file', () => {
    const doc = buildExport(data, 'Tiny') as unknown as Record<string, unknown>;
    doc.ratings = [
      { item: 2571, value: 4.5, time: T(1) },
      { item: 2571, value: 3, time: T(2) },
      { item: 999999, value: 3, time: T(2) },
      { item: 1, value: 4.25, time: T(2) },
      { item: 1, value: 4, time: -1 },
      'x',
    ];
    doc.watchlist = [{ item: 'forty-seven', added: T(5) }];
    const issues = issuesOf(() => parseExportJson(JSON.stringify(doc), d));
    expect(issues.map((i) => i.field)).toEqual([
      'ratings[1].item',
      'ratings[2].item',
      'ratings[3].value',
      'ratings[4].time',
      'ratings[5]',
      'watchlist[0].item',
    ]);
    expect(issues[0]!.message).toMatch(/rated twice \(first at ratings\[0\]\)/);
    expect(issues[1]!.message).toMatch(/999999 is not in the dataset "Tiny"/);
    expect(issues[2]!.message).toMatch(/not on the scale 0.5 to 5 in steps of 0.5/);
  });

  it('refuses a genre filter the dataset cannot apply, by its path', () => {
    const doc = buildExport(data, 'Tiny');
    doc.settings.recommendationPrefs!.genre = 'Western';
    expect(issuesOf(() => parseExportJson(JSON.stringify(doc), d))).toEqual([
      {
        line: 0,
        field: 'settings.recommendationPrefs.genre',
        message: expect.stringMatching(/^"Western" is not a genre/),
      },
    ]);
  });

  it('rejects what is not a Matinee export of this version', () => {
    expect(issuesOf(() => parseExportJson('{"a":1,}', d))[0]).toMatchObject({ line: 1, field: '-' });
    expect(issuesOf(() => parseExportJson('{\n"a":\n1,\n}', d))[0]!.line).toBe(4);
    expect(issuesOf(() => parseExportJson('[1]', d))[0]!.message).toMatch(/JSON object/);
    expect(issuesOf(() => parseExportJson('{"format":"other"}', d))[0]!.field).toBe('format');
    const future = { ...buildExport(data, 'Tiny'), version: 2 };
    expect(issuesOf(() => parseExportJson(JSON.stringify(future), d))[0]!.message).toMatch(/newer Matinee/);
  });
});

/** Export labels of the tiny dataset's items, as the worker gives them. */
const labels = new Map(Array.from(d.itemIds, (id, j) => [id, itemLabel(d, j)]));

describe('ratings CSV export', () => {
  it('writes the ratings.csv layout with userId 0 and Unix seconds, then the title and year for people', () => {
    expect(exportRatingsCsv(data.ratings, labels)).toBe(
      'userId,movieId,rating,timestamp,title,year\n' +
        `${EXPORT_USER_ID},1,0.5,0,Toy Story,1995\n` +
        `${EXPORT_USER_ID},2571,4.5,1600000000,The Matrix,1999\n`,
    );
    // An item the catalogue cannot name keeps its row, with empty title and year.
    expect(exportRatingsCsv([{ item: 999, value: 3, time: 0 }], labels)).toMatch(/\n0,999,3,0,,\n$/);
  });

  it('parses back to the same ratings at whole-second precision', () => {
    const back = parseRatingsCsv(exportRatingsCsv(data.ratings, labels), d);
    expect(back.ratings).toEqual([
      { item: 1, value: 0.5, time: 0 },
      { item: 2571, value: 4.5, time: 1_600_000_000_000 },
    ]);
    expect(back).toMatchObject({ watchlist: [], hidden: [], settings: {} });
  });

  it('accepts a MovieLens-style file of one user without timestamps', () => {
    expect(parseRatingsCsv('userId,movieId,rating\n7,47,3\n7,1,5\n', d).ratings).toEqual([
      { item: 47, value: 3, time: 0 },
      { item: 1, value: 5, time: 0 },
    ]);
  });

  it('names the line and field of every problem and accepts none of the file', () => {
    const text = [
      'userId,movieId,rating,timestamp',
      '0,1,4,1600000000',
      '0,424242,4,1600000000',
      '0,47,4.3,1600000000',
      '0,47,6,1600000000',
      '0,1233,4,yesterday',
      '0,1,3,1600000000',
      '1,1721,3,1600000000',
      '0,3404',
    ].join('\n');
    expect(issuesOf(() => parseRatingsCsv(text, d)).map((i) => [i.line, i.field])).toEqual([
      [3, 'movieId'],
      [4, 'rating'],
      [5, 'rating'],
      [6, 'timestamp'],
      [7, 'movieId'],
      [8, 'userId'],
      [9, '-'],
    ]);
  });

  it('rejects a wrong header and broken quoting with line numbers', () => {
    expect(issuesOf(() => parseRatingsCsv('user,movieId,rating\n', d)).map((i) => i.field)).toEqual(['user', 'userId']);
    expect(issuesOf(() => parseRatingsCsv('userId,movieId,rating\n0,1,"4\n', d))[0]).toMatchObject({ line: 2 });
    expect(issuesOf(() => parseRatingsCsv('', d))[0]!.message).toMatch(/empty/);
  });
});

describe('Letterboxd export', () => {
  it("writes Letterboxd's import columns, IMDb ids where the catalogue has them, days in UTC", () => {
    const ratings = [
      { item: 2571, value: 4.5, time: Date.UTC(2020, 5, 1, 23, 30) },
      { item: 47, value: 3, time: 0 },
      { item: 999, value: 1, time: 1 },
    ];
    const out = exportLetterboxdCsv(ratings, labels, d.manifest.ratingScale);
    expect(out.text).toBe(
      'imdbID,Title,Year,Rating,WatchedDate\n' + ',Seven,1995,3,\n' + 'tt0133093,The Matrix,1999,4.5,2020-06-01\n',
    );
    expect(out).toMatchObject({ rows: 2, unnamed: 1 });
    expect(detectImportKind(out.text)).toBe('letterboxd');
  });

  it('maps another scale onto half stars from 0.5 to 5: 1–10 becomes value / 2', () => {
    const ten = tinyDataset({ min: 1, max: 10, step: 1 });
    const ratings = [1, 2, 7, 10].map((value, k) => ({ item: [1, 47, 1721, 2571][k]!, value, time: 0 }));
    const stars = exportLetterboxdCsv(ratings, labels, ten.manifest.ratingScale)
      .text.trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',').at(-2)));
    expect(stars).toEqual([0.5, 1, 3.5, 5]);
  });

  it('is read back by the Letterboxd importer: same items, values and days', () => {
    const ratings = [
      { item: 1, value: 0.5, time: Date.UTC(2019, 0, 5) },
      { item: 2571, value: 4.5, time: Date.UTC(2020, 5, 1, 12) },
      { item: 4973, value: 5, time: 0 },
      { item: 3404, value: 2, time: Date.UTC(2021, 1, 2) }, // no IMDb id: found by title and year
    ];
    const { text } = exportLetterboxdCsv(ratings, labels, d.manifest.ratingScale);
    const back = importLetterboxd(text, d, Date.UTC(2026, 0, 1));
    expect(back.unmatched).toEqual([]);
    expect(back.matched.map(({ item, value, time }) => ({ item, value, time }))).toEqual(
      [...ratings].sort((a, b) => a.item - b.item).map((r) => ({ ...r, time: r.time - (r.time % 86_400_000) })),
    );
  });
});

describe('detectImportKind', () => {
  it('tells the formats apart', () => {
    expect(detectImportKind(exportJson(data, 'Tiny'))).toBe('matinee-json');
    expect(detectImportKind(exportRatingsCsv(data.ratings))).toBe('ratings-csv');
    expect(detectImportKind('imdbID,Title,Year,Rating,WatchedDate\n')).toBe('letterboxd');
    expect(detectImportKind('Date,Name,Year,Letterboxd URI,Rating\n')).toBe('letterboxd');
    expect(detectImportKind('\uFEFFConst,Your Rating,Date Rated,Title\n')).toBe('imdb');
    expect(detectImportKind('hello')).toBe('unknown');
  });
});
