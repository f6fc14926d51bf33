/**
 * Hostile values in every field an import reads (issue 11): each is refused whole, and the message names the JSON
 * path, or the CSV line and field; the Letterboxd and IMDb importers report the row as unmatched with the field.
 */
import { describe, expect, it } from 'vitest';
import { buildExport, parseExportJson, parseRatingsCsv } from '../../../../src/engine/user-data/export-format.ts';
import { importImdb } from '../../../../src/engine/user-data/imdb.ts';
import { ImportError, type ImportIssue } from '../../../../src/engine/user-data/import-error.ts';
import { importLetterboxd } from '../../../../src/engine/user-data/letterboxd.ts';
import { tinyDataset } from './tiny-dataset.ts';

const d = tinyDataset();
/** The clock of every test here: tomorrow is 2026-06-02. */
const NOW = Date.UTC(2026, 5, 1, 12);
const DAY = 86_400_000;
const T = 1_600_000_000_000;

function issuesOf(f: () => unknown): ImportIssue[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportError) return e.issues;
    throw e;
  }
  throw new Error('expected an ImportError');
}

/** A valid export as text, with `edit` applied to its parsed JSON, or raw text spliced in for `marker`. */
function exportText(edit: (doc: Record<string, unknown>) => void = () => {}): string {
  const doc = JSON.parse(
    JSON.stringify(
      buildExport(
        {
          ratings: [{ item: 1, value: 4, time: T }],
          watchlist: [{ item: 47, added: T }],
          hidden: [],
          settings: {
            onboarding: { done: true, genres: ['Drama'] },
            recommendationPrefs: {
              algorithm: 'blend',
              sort: 'top',
              diversity: 0.2,
              popularity: 0,
              genre: '',
              decade: 0,
            },
          },
        },
        'Tiny',
      ),
    ),
  ) as Record<string, unknown>;
  edit(doc);
  return JSON.stringify(doc);
}
const settingsOf = (doc: Record<string, unknown>) => doc.settings as Record<string, Record<string, unknown>>;
const firstRating = (doc: Record<string, unknown>) => (doc.ratings as Record<string, unknown>[])[0]!;

/** [what, the export's text, the JSON path named, the message]. */
const JSON_CASES: [string, string, string, RegExp][] = [
  [
    'onboarding genres that are not a list (issue 11, case 1)',
    exportText((doc) => (settingsOf(doc).onboarding!.genres = 7)),
    'settings.onboarding.genres',
    /expected an array of strings, got 7/,
  ],
  [
    'an unknown algorithm',
    exportText((doc) => (settingsOf(doc).recommendationPrefs!.algorithm = 'evil')),
    'settings.recommendationPrefs.algorithm',
    /"evil" is not one of "blend", "itemknn", "mf", "ease", "ials", "popularity", "content"/,
  ],
  [
    'a genre filter that is a number',
    exportText((doc) => (settingsOf(doc).recommendationPrefs!.genre = 42)),
    'settings.recommendationPrefs.genre',
    /expected a string, got 42/,
  ],
  [
    'a diversity out of range',
    exportText((doc) => (settingsOf(doc).recommendationPrefs!.diversity = 5)),
    'settings.recommendationPrefs.diversity',
    /5 is not from 0 to 1 in steps of 0.01/,
  ],
  [
    'a decade that is not one',
    exportText((doc) => (settingsOf(doc).recommendationPrefs!.decade = 1995)),
    'settings.recommendationPrefs.decade',
    /1995 is not the first year of a decade/,
  ],
  [
    'onboarding done as text',
    exportText((doc) => (settingsOf(doc).onboarding!.done = 'yes')),
    'settings.onboarding.done',
    /expected true or false, got "yes"/,
  ],
  [
    'a genre name a megabyte long',
    exportText((doc) => (settingsOf(doc).onboarding!.genres = ['x'.repeat(2 ** 20)])),
    'settings.onboarding.genres[0]',
    /a string of 1048576 characters is longer than 200/,
  ],
  [
    'ten thousand genres',
    exportText((doc) => (settingsOf(doc).onboarding!.genres = Array.from({ length: 10_000 }, () => 'Drama'))),
    'settings.onboarding.genres',
    /an array of 10000 is longer than 1000/,
  ],
  [
    'a setting this version does not know',
    exportText((doc) => (settingsOf(doc).theme = 'dark' as never)),
    'settings.theme',
    /unknown field \(expected recommendationPrefs, onboarding\)/,
  ],
  [
    'a setting named __proto__',
    exportText().replace('"settings":{', '"settings":{"__proto__":{"polluted":true},'),
    'settings.__proto__',
    /unknown field/,
  ],
  [
    'a field a setting does not have',
    exportText((doc) => (settingsOf(doc).recommendationPrefs!.colour = 'red')),
    'settings.recommendationPrefs.colour',
    /unknown field \(expected algorithm, sort, diversity, popularity, genre, decade\)/,
  ],
  [
    'settings that are a list',
    exportText((doc) => (doc.settings = [])),
    'settings',
    /expected an object \{recommendationPrefs, onboarding\}, got an array of 0/,
  ],
  [
    'settings nested 100,000 levels deep (issue 11, case 9)',
    exportText().replace('"genres":["Drama"]', '"genres":' + '['.repeat(100_000) + ']'.repeat(100_000)),
    // Root, settings and onboarding are 3 of the 16 levels; the genres array and 12 inside it the rest.
    'settings.onboarding.genres' + '[0]'.repeat(13),
    /nested deeper than 16 levels/,
  ],
  [
    'a rating time of 1e300 (issue 11, case 7), in exponent notation',
    exportText().replace(`"time":${T}`, '"time":1e300'),
    'ratings[0].time',
    /1e300 is not written in decimal notation/,
  ],
  [
    'a rating time of 10^24 ms in decimal notation',
    exportText().replace(`"time":${T}`, '"time":1000000000000000000000000'),
    'ratings[0].time',
    /1e\+24 is not a whole number of ms since 1970 from 1995-01-01 to 2026-06-02 \(or 0 for unknown\)/,
  ],
  [
    'a rating two days in the future',
    exportText((doc) => (firstRating(doc).time = NOW + 2 * DAY)),
    'ratings[0].time',
    /is not a whole number of ms since 1970 from 1995-01-01 to 2026-06-02/,
  ],
  [
    'a rating from 1970',
    exportText((doc) => (firstRating(doc).time = 1000)),
    'ratings[0].time',
    /1000 is not a whole number of ms since 1970 from 1995-01-01/,
  ],
  [
    'a fraction of a millisecond',
    exportText((doc) => (firstRating(doc).time = T + 0.5)),
    'ratings[0].time',
    /is not a whole number of ms/,
  ],
  [
    'a watchlist time in the future',
    exportText((doc) => ((doc.watchlist as Record<string, unknown>[])[0]!.added = NOW + 2 * DAY)),
    'watchlist[0].added',
    /is not a whole number of ms since 1970/,
  ],
  [
    'a rating value in exponent notation (issue 11, case 8)',
    exportText().replace('"value":4', '"value":4e0'),
    'ratings[0].value',
    /4e0 is not written in decimal notation/,
  ],
  [
    'a rating value off the scale',
    exportText((doc) => (firstRating(doc).value = 4.25)),
    'ratings[0].value',
    /4.25 is not on the scale 0.5 to 5 in steps of 0.5/,
  ],
  [
    'a rating with a field an export never writes',
    exportText((doc) => (firstRating(doc).note = 'hi')),
    'ratings[0].note',
    /unknown field \(expected item, value, time\)/,
  ],
  [
    'more ratings than the dataset has items',
    exportText((doc) => (doc.ratings = Array.from({ length: d.itemIds.length + 1 }, () => firstRating(doc)))),
    'ratings',
    /an array of 11 is longer than 10/,
  ],
  [
    'an item id nested 20 levels deep',
    exportText().replace('"item":1', '"item":' + '['.repeat(20) + ']'.repeat(20)),
    'ratings[0].item' + '[0]'.repeat(13),
    /nested deeper than 16 levels/,
  ],
];

describe('JSON import of hostile values', () => {
  it.each(JSON_CASES)('refuses %s, naming the JSON path', (_what, text, path, message) => {
    const issues = issuesOf(() => parseExportJson(text, d, NOW));
    expect(issues.map((i) => i.field)).toContain(path);
    expect(issues.find((i) => i.field === path)!.message).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes times from 1995 up to a day ahead of the clock, and 0 for unknown', () => {
    for (const time of [0, Date.UTC(1995, 0, 1), NOW, NOW + DAY - 1]) {
      const r = parseExportJson(
        exportText((doc) => (firstRating(doc).time = time)),
        d,
        NOW,
      );
      expect(r.ratings[0]!.time).toBe(time);
    }
  });

  it('gives every line of a multi-line export to its problems', () => {
    const text = exportText().replace('"value":4', '"value":4e0');
    const pretty = JSON.stringify(JSON.parse(text.replace('4e0', '4')), null, 2).replace('"value": 4', '"value": 4E0');
    const [issue] = issuesOf(() => parseExportJson(pretty, d, NOW));
    expect(issue).toMatchObject({ field: 'ratings[0].value' });
    expect(pretty.split('\n')[issue!.line - 1]).toContain('4E0');
  });

  it('refuses a file larger than any export, before reading it', () => {
    const huge = exportText() + ' '.repeat(65 * 2 ** 20);
    expect(issuesOf(() => parseExportJson(huge, d, NOW))[0]!.message).toMatch(
      /the file is 65 MB; an import is at most 64 MB/,
    );
  });
});

/** [what, the rating row, the CSV field named, the message]. */
const CSV_CASES: [string, string, string, RegExp][] = [
  [
    'a hexadecimal rating (issue 11, case 8)',
    '0,1,0x4,1600000000',
    'rating',
    /"0x4" is not on the scale .*decimal notation/,
  ],
  ['a rating with an exponent', '0,1,4e0,1600000000', 'rating', /"4e0" is not on the scale .*decimal notation/],
  ['a rating between spaces with a bare point', '0,1, 4. ,1600000000', 'rating', /" 4. " is not on the scale/],
  ['a rating with a bare point', '0,1,4.,1600000000', 'rating', /"4\." is not on the scale/],
  ['a rating after a space', '0,1, 4,1600000000', 'rating', /" 4" is not on the scale/],
  ['an infinite rating', '0,1,Infinity,1600000000', 'rating', /"Infinity" is not on the scale/],
  ['an empty rating', '0,1,,1600000000', 'rating', /"" is not on the scale/],
  ['a hexadecimal item id', '0,0x2F,4,1600000000', 'movieId', /"0x2F" is not a positive whole number/],
  ['an item id with a fraction', '0,47.0,4,1600000000', 'movieId', /"47.0" .*written as a whole number/],
  ['a hexadecimal user', '0x0,1,4,1600000000', 'userId', /"0x0" is not a whole number ≥ 0/],
  ['a timestamp with an exponent', '0,1,4,1.6e9', 'timestamp', /"1.6e9" is not a whole number of seconds/],
  [
    'a timestamp in the year 5138 (issue 11, case 7)',
    '0,1,4,99999999999',
    'timestamp',
    /"99999999999" is not a whole number of seconds since 1970 from 1995-01-01 to 2026-06-02 \(or 0 for unknown\)/,
  ],
  ['a timestamp from 1970', '0,1,4,100', 'timestamp', /"100" is not a whole number of seconds since 1970 from 1995/],
  ['a timestamp with a fraction', '0,1,4,1600000000.5', 'timestamp', /written as a whole number/],
];

describe('CSV import of hostile values', () => {
  it.each(CSV_CASES)('refuses %s, naming the line and field', (_what, row, field, message) => {
    const text = `userId,movieId,rating,timestamp\n0,47,3,1600000000\n${row}\n`;
    const issues = issuesOf(() => parseRatingsCsv(text, d, NOW));
    expect(issues).toEqual([{ file: 'ratings.csv', line: 3, field, message: expect.stringMatching(message) }]);
  });

  it('shares the JSON path’s wording for the same problem', () => {
    const csv = issuesOf(() => parseRatingsCsv('userId,movieId,rating,timestamp\n0,1,4.25,100\n', d, NOW));
    const json = issuesOf(() =>
      parseExportJson(
        exportText((doc) => Object.assign(firstRating(doc), { value: 4.25, time: 100_000 })),
        d,
        NOW,
      ),
    );
    const tail = (m: string) => m.replace(/^\S+ /, '');
    expect(csv.map((i) => tail(i.message))).toEqual(json.map((i) => tail(i.message).replace(' ms ', ' seconds ')));
  });

  it('takes an empty timestamp as unknown and the last one before tomorrow', () => {
    const last = Math.floor((NOW + DAY) / 1000);
    const text = `userId,movieId,rating,timestamp\n0,1,4,\n0,47,3,${last}\n`;
    expect(parseRatingsCsv(text, d, NOW).ratings.map((r) => r.time)).toEqual([0, last * 1000]);
  });
});

describe('Letterboxd and IMDb rows with hostile numbers are left unmatched, naming the field', () => {
  const letterboxd = (date: string, rating: string) =>
    `Date,Name,Year,Letterboxd URI,Rating\n${date},Toy Story,1995,https://boxd.it/x,${rating}\n`;
  const imdb = (rating: string, date: string) =>
    `Const,Your Rating,Date Rated,Title,Year\ntt0114709,${rating},${date},Toy Story,1995\n`;
  const LETTERBOXD_CASES: [string, string, RegExp][] = [
    ['2020-01-01', '0x4', /field "Rating": "0x4" is not a half-star rating/],
    ['2020-01-01', '4e0', /field "Rating": "4e0" is not a half-star rating/],
    ['2020-01-01', ' 4.5', /field "Rating": " 4.5" is not a half-star rating/],
    ['2099-01-01', '4', /field "Date": "2099-01-01" is not a date YYYY-MM-DD from 1995-01-01 to 2026-06-02/],
    ['1990-01-01', '4', /field "Date": "1990-01-01" is not a date/],
  ];
  const IMDB_CASES: [string, string, RegExp][] = [
    ['0x7', '2020-01-01', /field "Your Rating": "0x7" is not a whole number 1–10/],
    ['7e0', '2020-01-01', /field "Your Rating": "7e0" is not a whole number 1–10/],
    [' 7', '2020-01-01', /field "Your Rating": " 7" is not a whole number 1–10/],
    ['7.5', '2020-01-01', /field "Your Rating": "7.5" is not a whole number 1–10/],
    ['7', '2099-01-01', /field "Date Rated": "2099-01-01" is not a date YYYY-MM-DD from 1995-01-01/],
  ];

  it.each(LETTERBOXD_CASES)('Letterboxd: %s, %s', (date, rating, reason) => {
    const r = importLetterboxd(letterboxd(date, rating), d, NOW);
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(reason) })]);
  });

  it.each(IMDB_CASES)('IMDb: %s, %s', (rating, date, reason) => {
    const r = importImdb(imdb(rating, date), d, NOW);
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(reason) })]);
  });

  it('match the same rows written plainly', () => {
    expect(importLetterboxd(letterboxd('2020-01-01', '4'), d, NOW).matched).toHaveLength(1);
    expect(importImdb(imdb('7', '2020-01-01'), d, NOW).matched).toHaveLength(1);
  });
});
