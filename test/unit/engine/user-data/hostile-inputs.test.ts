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
    /"evil" is not one of "blend", "itemknn", "mf", "ease", "ials", "popularity"/,
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

describe('a rating a hair off the scale is refused on every import path (issue 18, case 5)', () => {
  const OFF: [string, string][] = [
    ['4.0000001', '4'],
    ['5.0000000001', '5'],
    ['0.4999999999', '0.5'],
  ];

  it.each(OFF)('%s in a JSON export, naming the path and the step it missed', (value, step) => {
    const text = exportText().replace('"value":4', `"value":${value}`);
    expect(issuesOf(() => parseExportJson(text, d, NOW))).toEqual([
      {
        file: 'export.json',
        line: 0,
        field: 'ratings[0].value',
        message: `${value} is not on the scale 0.5 to 5 in steps of 0.5 (did you mean ${step}?)`,
      },
    ]);
  });

  it.each(OFF)('%s in a ratings CSV, naming the line and field', (value, step) => {
    const text = `userId,movieId,rating,timestamp\n0,47,3,1600000000\n0,1,${value},1600000000\n`;
    expect(issuesOf(() => parseRatingsCsv(text, d, NOW))).toEqual([
      {
        file: 'ratings.csv',
        line: 3,
        field: 'rating',
        message: `"${value}" is not on the scale 0.5 to 5 in steps of 0.5 (did you mean ${step}?)`,
      },
    ]);
  });

  it.each(OFF)('%s stars from Letterboxd, left unmatched', (value) => {
    const r = importLetterboxd(`Date,Name,Year,Rating\n2020-01-01,Toy Story,1995,${value}\n`, d, NOW);
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toEqual([
      expect.objectContaining({ line: 2, reason: `field "Rating": "${value}" is not a half-star rating 0.5–5` }),
    ]);
  });

  it.each(['7.0000001', '10.0000000001', '0.9999999999'])('%s from IMDb, left unmatched', (value) => {
    const r = importImdb(
      `Const,Your Rating,Date Rated,Title,Year\ntt0114709,${value},2020-01-01,Toy Story,1995\n`,
      d,
      NOW,
    );
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toEqual([
      expect.objectContaining({ line: 2, reason: `field "Your Rating": "${value}" is not a whole number 1–10` }),
    ]);
  });

  it('takes the noise of step arithmetic on a scale of tenths, and keeps the step as the scale writes it', () => {
    const tenths = tinyDataset({ min: 1, max: 10, step: 0.1 });
    const noisy = 1 + 23 * 0.1; // 3.3000000000000003, as a program counting steps writes it
    const json = exportText((doc) => (firstRating(doc).value = noisy));
    expect(parseExportJson(json, tenths, NOW).ratings[0]!.value).toBe(3.3);
    const csv = `userId,movieId,rating\n0,1,${noisy}\n`;
    expect(parseRatingsCsv(csv, tenths, NOW).ratings[0]!.value).toBe(3.3);
    expect(issuesOf(() => parseRatingsCsv('userId,movieId,rating\n0,1,3.30001\n', tenths, NOW))[0]!.message).toBe(
      '"3.30001" is not on the scale 1 to 10 in steps of 0.1',
    );
  });
});

/**
 * Line 12 of a pretty-printed export ("time" of the first rating) replaced: [what, its new text, the line and column
 * named, the JSON path named, the message].
 */
const SYNTAX_CASES: [string, string, number, number, string, RegExp][] = [
  [
    // V8's message for this one names no position at all: it was reported as line 1.
    'an unexpected token on line 12 (issue 18, case 7)',
    '      "time": undefined',
    12,
    15,
    'ratings[0].time',
    /^not valid JSON: expected a value, found "undefined"$/,
  ],
  [
    'a closing bracket of the wrong kind',
    '      "time": 1600000000000]',
    12,
    28,
    'ratings[0].time',
    /^not valid JSON: expected "," or "}" after a field, found "]"$/,
  ],
  ['a comment', '      "time": 1600000000000 // when', 12, 29, 'ratings[0].time', /after a field, found "\/"/],
  ['a number with a leading zero', '      "time": 01600000000000', 12, 16, 'ratings[0].time', /found "1600000000000"/],
  ['a misspelt literal', '      "time": tru', 12, 15, 'ratings[0].time', /expected a value, found "tru"/],
  ['a bad escape', '      "time": "\\x41"', 12, 16, 'ratings[0].time', /expected an escape such as/],
  [
    'a single-quoted name',
    "      'time': 1600000000000",
    12,
    7,
    'ratings[0]',
    /expected a field name in double quotes, found "'"/,
  ],
  [
    'a trailing comma, at the "}" after it',
    '      "time": 1600000000000,',
    13,
    5,
    'ratings[0]',
    /expected a field name/,
  ],
  [
    'an unclosed string',
    '      "time": "16',
    12,
    18,
    'ratings[0].time',
    /a line break or control character inside a string/,
  ],
];

describe('JSON that is not JSON is refused at its line and column (issue 18, case 7)', () => {
  const pretty = JSON.stringify(JSON.parse(exportText()), null, 2);

  it('the export the cases break holds "time" on line 12', () => {
    expect(pretty.split('\n')[11]).toBe('      "time": 1600000000000');
  });

  it.each(SYNTAX_CASES)('%s', (_what, text, line, column, path, message) => {
    const lines = pretty.split('\n');
    lines[11] = text;
    expect(issuesOf(() => parseExportJson(lines.join('\n'), d, NOW))).toEqual([
      { file: 'export.json', line, column, field: path, message: expect.stringMatching(message) },
    ]);
  });

  it('names the line and column in the message the user reads', () => {
    const lines = pretty.split('\n');
    lines[11] = SYNTAX_CASES[0]![1];
    expect(() => parseExportJson(lines.join('\n'), d, NOW)).toThrow(
      '1 problem in the imported file, nothing was imported:\n' +
        'export.json:12:15: field "ratings[0].time": not valid JSON: expected a value, found "undefined"',
    );
  });

  it('an empty file, a file cut short and text after the export', () => {
    expect(issuesOf(() => parseExportJson('', d, NOW))[0]).toMatchObject({ line: 1, column: 1 });
    expect(issuesOf(() => parseExportJson(pretty.slice(0, 200), d, NOW))[0]!.message).toMatch(/end of the file/);
    expect(issuesOf(() => parseExportJson(pretty + '\n{}', d, NOW))[0]).toMatchObject({
      line: pretty.split('\n').length + 1,
      column: 1,
      message: expect.stringMatching(/expected the end of the file after the JSON value, found "{"/),
    });
  });
});

describe('a field named twice in one object is refused, not settled silently (issue 18)', () => {
  it('at the root, in a rating and in the settings, naming the path and both lines', () => {
    const pretty = JSON.stringify(JSON.parse(exportText()), null, 2).split('\n');
    const at = (text: string) => pretty.findIndex((l) => l.includes(text)) + 1;
    const twice = (text: string) => pretty.flatMap((l, k) => (l.includes(text) ? [l, l] : [pretty[k]!]));
    for (const [field, text] of [
      ['format', '"format"'],
      ['ratings[0].value', '"value"'],
      ['settings.recommendationPrefs.genre', '"genre"'],
    ] as const) {
      const issues = issuesOf(() => parseExportJson(twice(text).join('\n'), d, NOW));
      expect(issues).toEqual([
        {
          file: 'export.json',
          line: at(text) + 1,
          column: pretty[at(text) - 1]!.indexOf('"') + 1,
          field,
          message: `named twice in one object (first on line ${at(text)}); a file says each once`,
        },
      ]);
    }
  });

  it('names written differently but meaning the same name', () => {
    const text = exportText().replace('"format":', '"form\\u0061t":"matinee-export","format":');
    expect(issuesOf(() => parseExportJson(text, d, NOW))[0]).toMatchObject({ field: 'format' });
  });
});

describe('an imported decade filter must be a decade of the dataset, as a genre filter must be one of its genres', () => {
  it('refuses 1880 and the like, and takes a decade its items come from', () => {
    const text = (decade: number) => exportText((doc) => (settingsOf(doc).recommendationPrefs!.decade = decade));
    expect(issuesOf(() => parseExportJson(text(1880), d, NOW))).toEqual([
      {
        file: 'export.json',
        line: 0,
        field: 'settings.recommendationPrefs.decade',
        message: "1880 is not a decade of this dataset's items (0 for every decade)",
      },
    ]);
    expect(parseExportJson(text(1950), d, NOW).settings.recommendationPrefs!.decade).toBe(1950);
  });
});

describe('problems name the file the user chose, whatever the importer (issue 18)', () => {
  it('a Matinee export, a ratings CSV, and Letterboxd and IMDb files that are not theirs', () => {
    expect(issuesOf(() => parseExportJson('{', d, NOW, 'backup (2).json'))[0]!.file).toBe('backup (2).json');
    expect(issuesOf(() => parseRatingsCsv('userId,movieId\n', d, NOW, 'mine.csv'))[0]!.file).toBe('mine.csv');
    expect(issuesOf(() => importImdb('a,b\n1,2\n', d, NOW, 'imdb.csv'))[0]!.file).toBe('imdb.csv');
    expect(issuesOf(() => importLetterboxd('a,b\n1,2\n', d, NOW, 'diary.csv'))[0]!.file).toBe('diary.csv');
  });
});
