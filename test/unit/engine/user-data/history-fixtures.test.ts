/** The Letterboxd and IMDb importers on export files in those services' real layouts, against MovieLens. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { importImdb } from '../../../../src/engine/user-data/imdb.ts';
import { ImportError } from '../../../../src/engine/user-data/import-error.ts';
import { importLetterboxd } from '../../../../src/engine/user-data/letterboxd.ts';
import { exportLetterboxdCsv, itemLabel } from '../../../../src/engine/user-data/export-format.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/imports/${name}`, import.meta.url), 'utf8');
const day = (iso: string) => Date.parse(iso + 'T00:00:00Z');

let ml: Dataset;
beforeAll(() => {
  ml = loadDatasetFolder('data/ml-latest-small');
});

/** [line, movieId, value] of each match, by line. */
const triples = (r: { matched: { row: number; item: number; value: number }[] }) =>
  r.matched.map((m) => [m.row, m.item, m.value]).sort((a, b) => a[0]! - b[0]!);

describe('Letterboxd ratings.csv', () => {
  it('matches films by title and year, keeping star values', () => {
    const r = importLetterboxd(fixture('letterboxd-ratings.csv'), ml);
    expect(triples(r)).toEqual([
      [3, 4973, 4.5], // Amélie ↔ "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"
      [4, 47, 4], // Se7en ↔ "Seven (a.k.a. Se7en) (1995)"
      [5, 1233, 4], // Das Boot ↔ "Boot, Das (Boat, The) (1981)"
      [6, 293, 3.5], // Léon: The Professional
      [7, 5618, 5], // Spirited Away
      [8, 3996, 3], // "Crouching Tiger, Hidden Dragon" (quoted, comma inside)
      [9, 318, 4.5], // The Shawshank Redemption ↔ "Shawshank Redemption, The (1994)"
      [10, 260, 4], // Star Wars ↔ "Star Wars: Episode IV - A New Hope (1977)"
      [12, 296, 0.5],
      [14, 1721, 2.5], // Titanic 1997
      [15, 3404, 3], // Titanic 1953
      [16, 25805, 4], // L'Atalante ↔ "Atalante, L' (1934)"
      [17, 4995, 3.5], // A Beautiful Mind ↔ "Beautiful Mind, A (2001)"
      [18, 2324, 4], // Life Is Beautiful ↔ "Life Is Beautiful (La Vita è bella) (1997)"
      [19, 2571, 4], // The Matrix, rated again later: the newer rating wins
      [20, 1196, 4.5], // The Empire Strikes Back ↔ "Star Wars: Episode V - The Empire Strikes Back (1980)"
    ]);
    expect(r.matched.find((m) => m.item === 2571)!.time).toBe(day('2020-06-01'));
    expect(r.unmatched.map((u) => [u.line, u.title, u.year])).toEqual([
      [2, 'The Matrix', 1999],
      [11, 'Parasite', 2019],
      [13, 'The Godfather', 1972],
    ]);
    expect(r.unmatched[0]!.reason).toMatch(/line 19/);
    expect(r.unmatched[2]!.reason).toMatch(/not rated/);
  });
});

describe("Matinee's Letterboxd export", () => {
  it('is read back by the Letterboxd importer: every rated item with an IMDb id matches itself', () => {
    // A rating for every item of the catalogue, on every half star in turn.
    const ratings = Array.from(ml.itemIds, (item, j) => ({
      item,
      value: 0.5 * (1 + (j % 10)),
      time: day('2020-01-02'),
    }));
    const labels = new Map(Array.from(ml.itemIds, (id, j) => [id, itemLabel(ml, j)]));
    const { text, rows } = exportLetterboxdCsv(ratings, labels, ml.manifest.ratingScale);
    expect(rows).toBe(ratings.length);
    const back = importLetterboxd(text, ml);
    const found = new Map(back.matched.map((m) => [m.item, m]));
    const withImdb = ratings.filter((r) => labels.get(r.item)!.imdbId !== '');
    expect(withImdb.length).toBeGreaterThan(9000);
    const missed = withImdb.filter((r) => found.get(r.item)?.value !== r.value || found.get(r.item)?.time !== r.time);
    expect(missed).toEqual([]);
  });
});

describe('IMDb ratings export', () => {
  const expected = [
    [2, 2571, 5], // 10/10 → 5
    [3, 4973, 4.5],
    [4, 1721, 3.5], // Titanic 1997
    [5, 3404, 3], // Titanic 1953
    [6, 1233, 4],
    [7, 296, 0.5], // 1/10 → 0.5
    [8, 318, 5],
    [9, 858, 4],
    [10, 6016, 4.5], // City of God ↔ "City of God (Cidade de Deus) (2002)"
  ];

  it('matches by the IMDb id in links.csv and maps 1–10 onto half stars', () => {
    const r = importImdb(fixture('imdb-ratings.csv'), ml);
    expect(triples(r)).toEqual(expected);
    expect(r.matched[0]!.time).toBe(day('2020-05-01'));
    expect(r.unmatched.map((u) => [u.line, u.title])).toEqual([
      [11, 'Parasite'],
      [12, 'Breaking Bad'],
    ]);
  });

  it('falls back to title and year for a dataset without IMDb links, with the same result', () => {
    const noLinks = { ...ml, imdbIds: new Int32Array(ml.imdbIds.length) };
    expect(triples(importImdb(fixture('imdb-ratings.csv'), noLinks))).toEqual(expected);
  });

  it('reads the older layout without "Original Title"', () => {
    const r = importImdb(fixture('imdb-ratings-2017.csv'), ml);
    expect(triples(r)).toEqual([
      [2, 47, 4],
      [3, 5618, 5],
      [4, 25805, 3.5],
    ]);
    const noLinks = { ...ml, imdbIds: new Int32Array(ml.imdbIds.length) };
    expect(triples(importImdb(fixture('imdb-ratings-2017.csv'), noLinks))).toEqual(triples(r));
  });

  it('matches TV titles by IMDb id only, never by title', () => {
    const text = [
      'Const,Your Rating,Date Rated,Title,Title Type,Year',
      'tt9999998,8,2020-01-01,Titanic,TV Episode,1997',
      'tt9999999,8,2020-01-01,Titanic,TV Movie,1997',
      'tt0133093,6,2020-01-01,Renamed By IMDb,TV Series,1999',
    ].join('\n');
    const r = importImdb(text, ml);
    expect(triples(r)).toEqual([
      [3, 1721, 4],
      [4, 2571, 3],
    ]);
    expect(r.unmatched).toEqual([
      {
        line: 2,
        title: 'Titanic',
        year: 1997,
        reason: 'a TV Episode, not a film, and its IMDb id is not in the dataset',
      },
    ]);
  });

  it('rejects a file that is not an IMDb export, naming the missing column', () => {
    expect(() => importImdb(fixture('letterboxd-ratings.csv'), ml)).toThrow(ImportError);
    try {
      importImdb(fixture('letterboxd-ratings.csv'), ml);
    } catch (e) {
      expect((e as ImportError).issues).toContainEqual({
        file: 'ratings.csv',
        line: 1,
        field: 'Const',
        message: 'missing column "Const"',
      });
    }
  });

  it('reports bad rows as unmatched with the field at fault, and still imports the good ones', () => {
    const text = [
      'Const,Your Rating,Date Rated,Title,Year',
      'tt0133093,11,2020-01-01,The Matrix,1999',
      'tt0133093,7,2020-13-45,The Matrix,1999',
      'tt0133093,7,2020-01-01,The Matrix,nineteen',
      'tt0133093,7',
      'tt0111161,6,2020-01-01,The Shawshank Redemption,1994',
    ].join('\n');
    const r = importImdb(text, ml);
    expect(triples(r)).toEqual([[6, 318, 3]]);
    expect(r.unmatched.map((u) => [u.line, u.reason.split(':')[0]])).toEqual([
      [2, 'field "Your Rating"'],
      [3, 'field "Date Rated"'],
      [4, 'field "Year"'],
      [5, '2 fields where the header has 5'],
    ]);
  });
});
