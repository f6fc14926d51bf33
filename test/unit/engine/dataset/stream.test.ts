/**
 * Datasets read in pieces: the streaming folder loader gives exactly the dataset of a plain reading of the files,
 * and any split of the text into pieces gives the same dataset, or the same problems, as the whole text.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDatasetFolder, readDatasetFiles, streamDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { CsvReader } from '../../../../src/engine/dataset/csv-reader.ts';
import {
  DatasetReader,
  STREAMED_FILES,
  parseDataset,
  type DatasetFiles,
} from '../../../../src/engine/dataset/parse.ts';
import { indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { expectSameDataset } from '../snapshot/helpers.ts';

const ML = 'data/ml-latest-small';

/** Feed the streamed files (text, or bytes) to a DatasetReader cut at the given piece lengths (cycled). */
function parseInPieces(files: DatasetFiles, lengths: number[]): Dataset {
  const reader = new DatasetReader(files);
  for (const file of STREAMED_FILES) {
    const content = files[file];
    if (content === undefined) continue;
    const feed = <C extends string | Uint8Array>(whole: C, sink: { push(piece: C): void; end(): void }) => {
      for (let at = 0, k = 0; at < whole.length; k++) {
        const n = lengths[k % lengths.length]!;
        sink.push(whole.slice(at, at + n) as C);
        at += n;
      }
      sink.end();
    };
    if (typeof content === 'string') feed(content, reader.open(file));
    else feed(content, reader.openBytes(file));
  }
  return reader.finish();
}

/** The dataset, or the message of the error it raised. */
function outcome(read: () => Dataset): Dataset | string {
  try {
    return read();
  } catch (e) {
    return (e as Error).message;
  }
}

describe('loading ml-latest-small in chunks', () => {
  const streamed = loadDatasetFolder(ML);

  it('gives the CSR a plain reading of ratings.csv defines: users ascending, each user’s items ascending', () => {
    const [, ...lines] = readFileSync(`${ML}/ratings.csv`, 'utf8').trim().split('\n');
    const rows = lines.map((line) => {
      const [user, movie, rating, time] = line.split(',').map(Number);
      return { user: user!, item: indexOfId(streamed.itemIds, movie!), rating: rating!, time: time! };
    });
    rows.sort((a, b) => a.user - b.user || a.item - b.item);
    const userIds = [...new Set(rows.map((r) => r.user))];
    expect(Array.from(streamed.userIds)).toEqual(userIds);
    const offsets = [0];
    for (let k = 1; k <= rows.length; k++)
      if (k === rows.length || rows[k]!.user !== rows[k - 1]!.user) offsets.push(k);
    expect(Array.from(streamed.userOffsets)).toEqual(offsets);
    expect(Array.from(streamed.ratingItems)).toEqual(rows.map((r) => r.item));
    expect(Array.from(streamed.ratingValues)).toEqual(rows.map((r) => r.rating));
    expect(Array.from(streamed.ratingTimes)).toEqual(rows.map((r) => r.time));
  });

  it('gives exactly the dataset of the whole texts, through either loader', async () => {
    const whole = parseDataset(readDatasetFiles(ML));
    expectSameDataset(streamed, whole);
    const progress: number[] = [];
    expectSameDataset(await streamDatasetFolder(ML, (p) => progress.push(p.bytesRead / p.totalBytes)), whole);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, k) => k === 0 || f > progress[k - 1]!)).toBe(true);
  });

  it('gives the same dataset for pieces of odd sizes, cut inside rows, numbers and UTF-8 characters', () => {
    const files = readDatasetFiles('test/fixtures/board-games');
    const texts = Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [name, new TextDecoder().decode(bytes as Uint8Array)]),
    );
    expectSameDataset(parseInPieces(files, [1, 7, 3, 64, 2]), parseDataset(files));
    expectSameDataset(parseInPieces(texts, [1, 7, 3, 64, 2]), parseDataset(files));
  });
});

const manifest = JSON.stringify({
  name: 'T',
  itemNoun: 'movie',
  ratingScale: { min: 0.5, max: 5, step: 0.5 },
  license: 'x',
});
/** Small folders with the awkward cases a split can land in: CRLF, a BOM, quotes, line breaks, problems. */
const CASES: DatasetFiles[] = [
  {
    'dataset.json': manifest,
    'movies.csv': 'movieId,title,genres\n1,"Heat, ""The"" (1995)",Action\n2,B,\n3,C,Drama\n',
    'ratings.csv': '\uFEFFuserId,movieId,rating,timestamp\r\n1,1,4.5,100\r\n\r\n1,2,3,-101\r\n2,1,"5",102\r\n2,3,0.5,7',
    'tags.csv': 'userId,movieId,tag,timestamp\n1,1,"two\nlines",100\n9,2,é,5\n',
  },
  {
    'dataset.json': manifest,
    'movies.csv': 'movieId,title,genres\n1,A,\n2,B,\n',
    'ratings.csv': 'userId,movieId,rating\n1,1,4\n2,2,3\n1,1,5\n 3 ,2, 2.5\n4,2,4.25\n5,9,1\n0,1,1\n1,2,\n',
    'tags.csv': 'userId,movieId,tag\n1,1,\n',
  },
  {
    'dataset.json': manifest,
    'movies.csv': 'movieId,title,genres\n1,A,\n',
    'ratings.csv': 'userId,movieId,rating\n1,1,4\n2,1,"open\n3,1,2\n',
    'tags.csv': 'userId,movieId,tag\n1,1,x"y\n',
  },
];

describe('a dataset in pieces', () => {
  it('gives the dataset, or the problems, of the whole text for any split', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASES),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        (files, lengths) => {
          expect(outcome(() => parseInPieces(files, lengths))).toEqual(outcome(() => parseDataset(files)));
        },
      ),
    );
  });

  it('reads ratings.csv, then tags.csv, each to its end, before finishing', () => {
    const reader = new DatasetReader(CASES[0]!);
    expect(() => reader.open('tags.csv').end()).not.toThrow();
    expect(() => reader.open('ratings.csv')).toThrow(/in the order ratings\.csv, tags\.csv/);
    const other = new DatasetReader(CASES[0]!);
    other.open('ratings.csv').push('userId,movieId,rating\n');
    expect(() => other.finish()).toThrow(/ratings\.csv: finish before its end/);
  });
});

describe('CsvReader number readers', () => {
  /** Field 0 of a one-field, one-row text. */
  function read<T>(text: string, get: (r: CsvReader) => T): T {
    let value: T | undefined;
    const reader = new CsvReader('x', (r) => void (value = get(r)));
    reader.push(text);
    reader.end();
    return value!;
  }
  const numeric = fc.string({ unit: fc.constantFrom(...'0123456789.- e+x'), maxLength: 20 }).filter((s) => s !== '');

  it('read plain numbers as Number does, and decline everything else', () => {
    fc.assert(
      fc.property(numeric, (s) => {
        const decimal = read(s, (r) => r.decimal(0));
        // The import's grammar (parseDecimal) without its minus sign: no "4.", no "04".
        const plain = /^(0|[1-9]\d*)(\.\d+)?$/.test(s) && s.replace('.', '').length <= 15;
        expect(Number.isNaN(decimal) ? null : decimal).toBe(plain ? Number(s) : null);
        const integer = read(s, (r) => r.integer(0));
        expect(Number.isNaN(integer) ? null : integer).toBe(/^-?\d{1,15}$/.test(s) ? Number(s) : null);
        const digits = read(s, (r) => r.digits(0));
        expect(digits).toBe(/^\d{1,15}$/.test(s) ? Number(s) : -1);
      }),
    );
    expect(read('0.1', (r) => r.decimal(0))).toBe(0.1);
    expect(read('2.675', (r) => r.decimal(0))).toBe(2.675);
  });
});
