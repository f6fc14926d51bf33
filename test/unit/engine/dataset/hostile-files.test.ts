/**
 * Dataset folders a fork could hand the build by mistake (issue 18): bytes that are not UTF-8 in any file (case 3),
 * ratings a step's hair off the scale (case 5), and ratings in a notation the in-app import refuses (case 11). Each
 * is refused with the file, the line and the field, through the build's own loaders as well as the parser.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, DatasetReader, parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import { parseDecimal } from '../../../../src/engine/dataset/fields.ts';
import { isOnScale } from '../../../../src/engine/dataset/manifest.ts';
import { parseRatingsCsv } from '../../../../src/engine/user-data/export-format.ts';
import { ImportError } from '../../../../src/engine/user-data/import-error.ts';
import { loadDatasetFolder, streamDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { issuesOf } from './issues-of.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Text with `bad` bytes put where the marker "@" stands (the rest UTF-8). */
function withBytes(text: string, bad: number[]): Uint8Array {
  const [before, after] = text.split('@') as [string, string];
  return new Uint8Array([...utf8(before), ...bad, ...utf8(after)]);
}

const MANIFEST = JSON.stringify({
  name: 'Tiny',
  itemNoun: 'movie',
  ratingScale: { min: 0.5, max: 5, step: 0.5 },
  license: 'CC0',
});
const MOVIES = 'movieId,title,genres\n1,Heat (1995),Action\n2,Amélie (2001),Comedy\n3,Alien (1979),Horror\n';
const RATINGS = 'userId,movieId,rating,timestamp\n1,1,4.5,100\n1,2,3,101\n2,1,5,102\n2,3,4,103\n';
const TAGS = 'userId,movieId,tag,timestamp\n1,1,tense,100\n1,2,whimsical,101\n';
const LINKS = 'movieId,imdbId,tmdbId\n1,0113277,949\n2,0211915,194\n';

function files(): DatasetFiles {
  return {
    'dataset.json': utf8(MANIFEST),
    'movies.csv': utf8(MOVIES),
    'ratings.csv': utf8(RATINGS),
    'tags.csv': utf8(TAGS),
    'links.csv': utf8(LINKS),
  };
}

/** [what, file, content, line, message]: one file given bytes that are not UTF-8. */
const NOT_UTF8: [string, keyof DatasetFiles, Uint8Array, number, RegExp][] = [
  [
    'a title saved as Latin-1 (issue 18, case 3)',
    'movies.csv',
    withBytes('movieId,title,genres\n1,Heat (1995),Action\n2,Am@lie (2001),Comedy\n3,Alien (1979),Horror\n', [0xe9]),
    3,
    /^byte 0xE9 at column 5 is not UTF-8: save the file as UTF-8/,
  ],
  [
    'a tag saved as Windows-1252 (a curly quote)',
    'tags.csv',
    withBytes('userId,movieId,tag,timestamp\n1,1,tense,100\n1,2,@whimsical@,101\n', [0x93]),
    3,
    /^byte 0x93 at column 5 is not UTF-8/,
  ],
  [
    'a rating line with a lone continuation byte, after CRLF line ends',
    'ratings.csv',
    withBytes('userId,movieId,rating,timestamp\r\n1,1,4.5,100\r\n1,2,3,101\r\n2,1,5@,102\r\n', [0x80]),
    4,
    /^byte 0x80 at column 6 is not UTF-8/,
  ],
  [
    'a character cut short by the next one',
    'movies.csv',
    withBytes('movieId,title,genres\n1,Heat (1995),Action\n2,Am@lie (2001),Comedy\n', [0xe2, 0x80]),
    3,
    /^bytes 0xE2 0x80 at column 5 is not UTF-8/,
  ],
  [
    'an overlong encoding of "/"',
    'links.csv',
    withBytes('movieId,imdbId,tmdbId\n1,0113277,949\n2,0211915,1@4\n', [0xc0, 0xaf]),
    3,
    /^byte 0xC0 at column 12 is not UTF-8/,
  ],
  [
    'a file that ends inside a character',
    'tags.csv',
    withBytes('userId,movieId,tag,timestamp\n1,1,tense,100\n1,2,caf@', [0xc3]),
    3,
    /^the file ends inside a character \(byte 0xC3\) is not UTF-8/,
  ],
  [
    'a manifest saved as Latin-1',
    'dataset.json',
    withBytes('{\n  "name": "Films fran@ais",\n  "itemNoun": "movie",\n  "license": "CC0"\n}', [0xe7]),
    2,
    /^byte 0xE7 at column 22 is not UTF-8/,
  ],
];

describe('a dataset file that is not UTF-8 is refused with its line (issue 18, case 3)', () => {
  it.each(NOT_UTF8)('%s', (_what, file, content, line, message) => {
    const issues = issuesOf({ ...files(), [file]: content });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, line, field: '-', message: expect.stringMatching(message) });
  });

  const streamed = NOT_UTF8.filter(([, file]) => file === 'ratings.csv' || file === 'tags.csv');

  it('names the same line however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...streamed),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        ([, file, content, line, message], lengths) => {
          const reader = new DatasetReader(files());
          for (const name of ['ratings.csv', 'tags.csv'] as const) {
            const bytes = name === file ? content : (files()[name] as Uint8Array);
            const sink = reader.openBytes(name);
            for (let at = 0, k = 0; at < bytes.length; at += lengths[k++ % lengths.length]!)
              sink.push(bytes.slice(at, at + lengths[k % lengths.length]!));
            sink.end();
          }
          let error: unknown;
          try {
            reader.finish();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DatasetError);
          expect((error as DatasetError).issues).toEqual([
            { file, line, field: '-', message: expect.stringMatching(message) },
          ]);
        },
      ),
    );
  });

  describe('through the folder loaders the build uses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matinee-not-utf8-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, content] of Object.entries(files())) writeFileSync(join(dir, name), content as Uint8Array);
    writeFileSync(join(dir, 'movies.csv'), NOT_UTF8[0]![2]);
    writeFileSync(join(dir, 'ratings.csv'), NOT_UTF8[2]![2]);

    const expected =
      '2 problems in the dataset:\n' +
      'movies.csv:3: byte 0xE9 at column 5 is not UTF-8: save the file as UTF-8 (a Latin-1 or Windows-1252 file must be converted)\n' +
      'ratings.csv:4: byte 0x80 at column 6 is not UTF-8: save the file as UTF-8 (a Latin-1 or Windows-1252 file must be converted)';

    it('loadDatasetFolder', () => {
      expect(() => loadDatasetFolder(dir)).toThrow(expected);
    });

    it('streamDatasetFolder (npm run snapshot, the Vite plugin)', async () => {
      await expect(streamDatasetFolder(dir)).rejects.toThrow(expected);
    });
  });

  it('still reads UTF-8 given as bytes, a byte-order mark and characters of every length included', () => {
    const movies =
      '\uFEFFmovieId,title,genres\n1,Heat (1995),Action\n2,Amélie – 🎬 (2001),Comedy\n3,Alien (1979),Horror\n';
    const d = parseDataset({ ...files(), 'movies.csv': utf8(movies) });
    expect(d.titles).toEqual(['Heat (1995)', 'Amélie – 🎬 (2001)', 'Alien (1979)']);
  });
});

/** The dataset, or its issues, with one ratings row's rating written as `rating`. */
function withRating(rating: string): DatasetFiles {
  return { ...files(), 'ratings.csv': `userId,movieId,rating,timestamp\n1,1,4.5,100\n1,2,${rating},101\n2,1,5,102\n` };
}

describe('a dataset rating is a plain decimal on the scale, as in the import (issue 18, cases 5 and 11)', () => {
  const REFUSED: [string, RegExp][] = [
    ['0x4', /^"0x4" is not a number written in decimal notation \(such as 4 or 3.5\)$/],
    ['4e0', /^"4e0" is not a number written in decimal notation/],
    ['4.', /^"4." is not a number written in decimal notation/],
    ['04', /^"04" is not a number written in decimal notation/],
    ['+4', /^"\+4" is not a number written in decimal notation/],
    ['.5', /^".5" is not a number written in decimal notation/],
    ['Infinity', /^"Infinity" is not a number written in decimal notation/],
    ['4.0000001', /^4.0000001 is not on the scale 0.5 to 5 in steps of 0.5 \(did you mean 4\?\)$/],
    ['5.0000000001', /^5.0000000001 is not on the scale 0.5 to 5 in steps of 0.5 \(did you mean 5\?\)$/],
    ['0.4999999999', /^0.4999999999 is not on the scale 0.5 to 5 in steps of 0.5 \(did you mean 0.5\?\)$/],
    ['4.25', /^4.25 is not on the scale 0.5 to 5 in steps of 0.5$/],
  ];

  it.each(REFUSED)('refuses %s, naming the line and field', (rating, message) => {
    const issues = issuesOf(withRating(rating));
    expect(issues).toEqual([
      { file: 'ratings.csv', line: 3, field: 'rating', message: expect.stringMatching(message) },
    ]);
  });

  it('takes what the import takes, spaces around a field aside', () => {
    for (const rating of ['3', '3.0', '3.50', ' 3.5 ', '0.5'])
      expect(parseDataset(withRating(rating)).ratingValues).toContain(Number(rating));
  });

  it('one grammar: for any text, the build keeps a rating exactly when the import keeps it', () => {
    const dataset = parseDataset(files());
    const text = fc.string({ unit: fc.constantFrom(...'0123456789.-+ex'), minLength: 1, maxLength: 14 });
    fc.assert(
      fc.property(text, (rating) => {
        let built = true;
        try {
          parseDataset(withRating(rating));
        } catch (e) {
          if (!(e instanceof DatasetError)) throw e;
          built = false;
        }
        let imported = true;
        try {
          parseRatingsCsv(`userId,movieId,rating\n0,2,${rating}\n`, dataset);
        } catch (e) {
          if (!(e instanceof ImportError)) throw e;
          imported = false;
        }
        expect(built).toBe(imported);
        expect(built).toBe(isOnScale(parseDecimal(rating), dataset.manifest.ratingScale));
      }),
      { numRuns: 300 },
    );
  });
});
