import { describe, expect, it } from 'vitest';
import { DatasetError, parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import { ISSUE_CAP } from '../../../../src/engine/dataset/issues.ts';
import { hasDatasetShape } from '../../../../src/engine/dataset/dataset.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../../src/engine/snapshot/index.ts';
import { splitTitleYear } from '../../../../src/engine/text/normalize-title.ts';
import { issuesOf } from './issues-of.ts';
import { expectSameDataset } from '../snapshot/helpers.ts';

const manifest = JSON.stringify({
  name: 'Tiny',
  itemNoun: 'movie',
  ratingScale: { min: 0.5, max: 5, step: 0.5 },
  license: 'CC0',
});

/** A small valid dataset; each test breaks one thing. */
function valid(): DatasetFiles {
  return {
    'dataset.json': manifest,
    'movies.csv': 'movieId,title,genres\n1,Heat (1995),Action|Crime\n2,"Toy Story, Again (1999)",Animation\n',
    'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.5,100\n1,2,3,101\n2,1,5,102\n',
    'tags.csv': 'userId,movieId,tag,timestamp\n1,1,tense,100\n',
    'links.csv': 'movieId,imdbId,tmdbId\n1,0113277,949\n2,0114709,\n',
  };
}

/** The single issue a one-fault dataset produces must name exactly this file, line and field. */
function expectIssue(files: DatasetFiles, file: string, line: number, field: string, message: RegExp) {
  const issues = issuesOf(files);
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatchObject({ file, line, field });
  expect(issues[0]!.message).toMatch(message);
}

describe('parseDataset accepts', () => {
  it('a valid dataset, with ids sorted, titles trimmed, years parsed and empty links as unknown', () => {
    const d = parseDataset(valid());
    expect(Array.from(d.itemIds)).toEqual([1, 2]);
    expect(d.titles).toEqual(['Heat (1995)', 'Toy Story, Again (1999)']);
    expect(Array.from(d.years)).toEqual([1995, 1999]);
    expect(Array.from(d.tmdbIds)).toEqual([949, 0]);
    expect(Array.from(d.imdbIds)).toEqual([113277, 114709]);
    expect(Array.from(d.userIds)).toEqual([1, 2]);
    expect(Array.from(d.userOffsets)).toEqual([0, 2, 3]);
    expect(Array.from(d.ratingValues)).toEqual([4.5, 3, 5]);
  });

  it('the year of a title as every view reads it, a series by the first year of its range', () => {
    const movies = [
      'movieId,title,genres',
      '1,Death Note: Desu nôto (2006–2007),',
      '2,Babylon 5 (1994-1998),',
      '3,Still Running (2010-),',
      '4,Heat(1995) ,',
      '5,1984,',
      '6,Five Digits (12345),',
    ];
    const d = parseDataset({ ...valid(), 'movies.csv': movies.join('\n') });
    expect(Array.from(d.years)).toEqual([2006, 1994, 2010, 1995, 0, 0]);
    expect(d.titles.map((t) => splitTitleYear(t).year)).toEqual(Array.from(d.years));
  });

  it('ratings without a timestamp column (times are NaN)', () => {
    const files = { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,4\n2,2,3\n' };
    const d = parseDataset(files);
    expect(Array.from(d.ratingTimes).every(Number.isNaN)).toBe(true);
  });

  it('a UTF-8 byte-order mark and CRLF line ends', () => {
    const files = {
      ...valid(),
      'movies.csv': '\uFEFFmovieId,title,genres\r\n1,Heat (1995),Action\r\n2,B,(no genres listed)\r\n',
    };
    const d = parseDataset(files);
    expect(d.titles).toEqual(['Heat (1995)', 'B']);
    expect(Array.from(d.genreOffsets)).toEqual([0, 1, 1]);
  });
});

describe('parseDataset rejects, naming file, line and field:', () => {
  it('a missing column', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,timestamp\n1,1,5\n' },
      'ratings.csv',
      1,
      'rating',
      /missing column/,
    );
  });

  it('an unknown column', () => {
    expectIssue(
      { ...valid(), 'links.csv': 'movieId,imdbId,tmdbId,extra\n' },
      'links.csv',
      1,
      'extra',
      /unknown column/,
    );
  });

  it('a non-numeric id', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,4\nabc,2,3\n' },
      'ratings.csv',
      3,
      'userId',
      /not a positive whole number/,
    );
  });

  it('a non-positive id', () => {
    expectIssue(
      { ...valid(), 'movies.csv': 'movieId,title,genres\n1,A,\n2,B,\n0,C,\n' },
      'movies.csv',
      4,
      'movieId',
      /out of range/,
    );
  });

  it('a rating off the scale', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,5.5\n' },
      'ratings.csv',
      2,
      'rating',
      /not on the scale/,
    );
  });

  it('a rating off the step', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,4.25\n' },
      'ratings.csv',
      2,
      'rating',
      /steps of 0.5/,
    );
  });

  it('a rating for an item absent from movies.csv', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,4\n1,77,3\n' },
      'ratings.csv',
      3,
      'movieId',
      /77 is not in movies\.csv/,
    );
  });

  it('a tag for an item absent from movies.csv', () => {
    expectIssue(
      { ...valid(), 'tags.csv': 'userId,movieId,tag,timestamp\n3,9,x,1\n' },
      'tags.csv',
      2,
      'movieId',
      /9 is not in movies\.csv/,
    );
  });

  it('a duplicate (user, item) rating, pointing at the second line and naming the first', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating\n1,1,4\n2,2,3\n1,1,5\n' },
      'ratings.csv',
      4,
      'movieId',
      /user 1 rated movieId 1 twice \(first on line 2\)/,
    );
  });

  it('a row with too few fields, naming the first missing one', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,5\n2,1\n' },
      'ratings.csv',
      3,
      'rating',
      /too few fields/,
    );
  });

  it('an unclosed quote, at the line where it opens', () => {
    expectIssue(
      { ...valid(), 'movies.csv': 'movieId,title,genres\n1,A,\n2,"Open title,Drama\n3,C,\n' },
      'movies.csv',
      3,
      '-',
      /unclosed quote/,
    );
  });

  it('an empty file', () => {
    expectIssue({ ...valid(), 'movies.csv': '' }, 'movies.csv', 1, '-', /empty/);
  });

  it('a missing dataset.json', () => {
    const files = valid();
    delete files['dataset.json'];
    expectIssue(files, 'dataset.json', 0, '-', /missing/);
  });

  it('dataset.json that is not JSON, at the line of the syntax error', () => {
    expectIssue(
      { ...valid(), 'dataset.json': '{\n  "name": "x",\n  oops\n}' },
      'dataset.json',
      3,
      '-',
      /not valid JSON/,
    );
  });

  it('dataset.json with a bad field', () => {
    const bad =
      '{\n"name": "x",\n"itemNoun": "game",\n"license": "y",\n"ratingScale": {"min": 1, "max": 10, "step": "one"}\n}';
    expectIssue({ ...valid(), 'dataset.json': bad }, 'dataset.json', 5, 'ratingScale.step', /must be a number/);
  });

  it('a duplicate movieId', () => {
    expectIssue(
      { ...valid(), 'movies.csv': 'movieId,title,genres\n1,A,\n2,B,\n1,C,\n' },
      'movies.csv',
      4,
      'movieId',
      /duplicate movieId 1 \(first on line 2\)/,
    );
  });

  it('a timestamp that is not a whole number', () => {
    expectIssue(
      { ...valid(), 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,soon\n' },
      'ratings.csv',
      2,
      'timestamp',
      /whole number of seconds/,
    );
  });

  it('a timestamp beyond what the snapshot stores', () => {
    const far = '1' + '0'.repeat(20);
    expectIssue(
      { ...valid(), 'tags.csv': `userId,movieId,tag,timestamp\n1,1,tense,${far}\n` },
      'tags.csv',
      2,
      'timestamp',
      /out of range/,
    );
  });
});

describe('parseDataset refuses text the snapshot cannot hold, naming file, line and field:', () => {
  it('a NUL character in a title, a genre or a tag', () => {
    const movies = 'movieId,title,genres\n1,Heat (1995),Action\n2,"Toy\0Story (1995)",Animation\n';
    expectIssue({ ...valid(), 'movies.csv': movies }, 'movies.csv', 3, 'title', /"Toy\\u0000Story \(1995\)".*NUL/);
    const genre = 'movieId,title,genres\n1,Heat (1995),Action|Cri\0me\n2,Toy Story (1995),Animation\n';
    expectIssue({ ...valid(), 'movies.csv': genre }, 'movies.csv', 2, 'genres', /NUL/);
    const tags = 'userId,movieId,tag,timestamp\n1,1,tense,100\n2,2,nul\0here,101\n';
    expectIssue({ ...valid(), 'tags.csv': tags }, 'tags.csv', 3, 'tag', /NUL/);
  });

  it('an unpaired UTF-16 surrogate, which has no UTF-8 form', () => {
    const movies = 'movieId,title,genres\n1,Heat (1995),Action\n2,Half \uD83C a die,Animation\n';
    expectIssue({ ...valid(), 'movies.csv': movies }, 'movies.csv', 3, 'title', /unpaired UTF-16 surrogate/);
  });

  it('and what it can hold builds: astral characters, a byte-order mark inside a title, control characters', () => {
    const movies = 'movieId,title,genres\n1,🎲 Dice (1995),Action\n2,Toy\tStory\uFEFF\u0001 (1999),Animation\n';
    const d = parseDataset({ ...valid(), 'movies.csv': movies });
    expectSameDataset(decodeSnapshot(encodeSnapshot(d)), d);
  });
});

describe('parseDataset reports many problems at once', () => {
  it('lists every problem up to the cap and counts the rest', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},1,9`).join('\n');
    try {
      parseDataset({ ...valid(), 'ratings.csv': 'userId,movieId,rating\n' + rows + '\n' });
      expect.unreachable();
    } catch (e) {
      const err = e as DatasetError;
      expect(err.total).toBe(50);
      expect(err.issues).toHaveLength(ISSUE_CAP);
      expect(err.issues.map((i) => i.line)).toEqual(Array.from({ length: ISSUE_CAP }, (_, i) => i + 2));
      expect(err.message).toMatch(
        /^50 problems in the dataset:\nratings\.csv:2: field "rating": 9 is not on the scale/,
      );
      expect(err.message).toMatch(/… and 30 more$/);
    }
  });

  it('reports problems in several files in one error', () => {
    const issues = issuesOf({
      ...valid(),
      'ratings.csv': 'userId,movieId,rating\n1,1,x\n',
      'tags.csv': 'userId,movieId,tag,timestamp\n1,5,t,1\n',
    });
    expect(issues.map((i) => `${i.file}:${i.line}:${i.field}`)).toEqual(['ratings.csv:2:rating', 'tags.csv:2:movieId']);
  });
});

describe('hasDatasetShape', () => {
  it('accepts a parsed dataset and its structured clone, and refuses a damaged or missing one', () => {
    const d = parseDataset(valid());
    expect(hasDatasetShape(d)).toBe(true);
    expect(hasDatasetShape(structuredClone(d))).toBe(true);
    expect(hasDatasetShape({ ...d, ratingValues: d.ratingValues.slice(1) })).toBe(false);
    expect(hasDatasetShape({ ...d, titles: d.titles.slice(1) })).toBe(false);
    expect(hasDatasetShape({ ...d, itemIds: Array.from(d.itemIds) })).toBe(false);
    expect(hasDatasetShape(null)).toBe(false);
    expect(hasDatasetShape('garbage')).toBe(false);
  });
});
