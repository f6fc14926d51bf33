import { describe, expect, it } from 'vitest';
import { titleFields } from '../../../../src/engine/catalogue/catalogue.ts';
import {
  exportFilename,
  formatBytes,
  importFormatOf,
  importReport,
  mergeSummaryText,
  plural,
  titleWithYear,
  whenDone,
} from '../../../../src/ui/yourdata/format.ts';
import { listedRows, ratingRows } from '../../../../src/ui/yourdata/rows.ts';
import { defaultDirection, displayOrder, sortRatings } from '../../../../src/ui/yourdata/sorting.ts';
import { formatRating, ratingHistogram, topGenres } from '../../../../src/ui/yourdata/stats.ts';

const HALF_STARS = { min: 0.5, max: 5, step: 0.5 };

describe('ratingHistogram', () => {
  it('has one bin per step of the scale, empty ones included, counting each value once', () => {
    const bins = ratingHistogram([4, 4.5, 4, 0.5, 5, 3], HALF_STARS);
    expect(bins.map((b) => b.value)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 2, 1, 1]);
  });

  it('labels bins without floating-point noise on a 0.1 step', () => {
    const bins = ratingHistogram([0.3], { min: 0, max: 1, step: 0.1 });
    expect(bins.map((b) => b.value)).toContain(0.3);
    expect(bins.find((b) => b.value === 0.3)!.count).toBe(1);
  });

  it('puts off-scale values into the nearest end bin instead of losing them', () => {
    const bins = ratingHistogram([-3, 9], { min: 1, max: 5, step: 1 });
    expect(bins[0]!.count).toBe(1);
    expect(bins[4]!.count).toBe(1);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(2);
  });
});

describe('topGenres', () => {
  it('ranks genres by how many rated items carry them, then by mean rating, and averages the ratings', () => {
    const top = topGenres(
      [
        { value: 5, genres: ['Drama', 'Crime'] },
        { value: 3, genres: ['Drama'] },
        { value: 4, genres: ['Comedy'] },
        { value: 2, genres: ['Horror'] },
      ],
      3,
    );
    expect(top).toEqual([
      { genre: 'Drama', count: 2, mean: 4 },
      { genre: 'Crime', count: 1, mean: 5 },
      { genre: 'Comedy', count: 1, mean: 4 },
    ]);
  });

  it('returns nothing for no ratings', () => {
    expect(topGenres([], 8)).toEqual([]);
  });
});

describe('sortRatings', () => {
  const rows = [
    { item: 3, title: 'Alien', value: 4, time: 300 },
    { item: 1, title: 'heat', value: 5, time: 100 },
    { item: 2, title: 'Brazil', value: 4, time: 200 },
  ];

  it('sorts by date, title (case-insensitive) or rating in either direction without touching the input', () => {
    expect(sortRatings(rows, 'date', 'descending').map((r) => r.item)).toEqual([3, 2, 1]);
    expect(sortRatings(rows, 'title', 'ascending').map((r) => r.title)).toEqual(['Alien', 'Brazil', 'heat']);
    expect(sortRatings(rows, 'rating', 'descending').map((r) => r.item)).toEqual([1, 3, 2]);
    expect(rows.map((r) => r.item)).toEqual([3, 1, 2]);
  });

  it('breaks rating ties by title A to Z in both directions, so equal ratings read alphabetically', () => {
    expect(sortRatings(rows, 'rating', 'ascending').map((r) => r.title)).toEqual(['Alien', 'Brazil', 'heat']);
    expect(sortRatings(rows, 'rating', 'descending').map((r) => r.title)).toEqual(['heat', 'Alien', 'Brazil']);
  });

  it('starts newest-first and best-first, but A-first for titles', () => {
    expect(defaultDirection('date')).toBe('descending');
    expect(defaultDirection('rating')).toBe('descending');
    expect(defaultDirection('title')).toBe('ascending');
  });
});

describe('displayOrder', () => {
  const rows = [
    { item: 1, title: 'A', value: 5, time: 1 },
    { item: 2, title: 'B', value: 4, time: 2 },
    { item: 3, title: 'C', value: 3, time: 3 },
  ];

  it('keeps a re-rated row in place until the sort is chosen again', () => {
    const first = displayOrder([], rows, 'rating', 'descending', true);
    expect(first).toEqual([1, 2, 3]);
    const rerated = rows.map((r) => (r.item === 1 ? { ...r, value: 1, time: 9 } : r));
    expect(displayOrder(first, rerated, 'rating', 'descending', false)).toEqual([1, 2, 3]);
    expect(displayOrder(first, rerated, 'rating', 'descending', true)).toEqual([2, 3, 1]);
  });

  it('drops removed items and sorts afresh when an unknown item appears', () => {
    expect(displayOrder([1, 2, 3], rows.slice(1), 'rating', 'descending', false)).toEqual([2, 3]);
    const added = [...rows, { item: 4, title: 'D', value: 4.5, time: 4 }];
    expect(displayOrder([1, 2, 3], added, 'rating', 'descending', false)).toEqual([1, 4, 2, 3]);
  });
});

describe('rows', () => {
  const infos = new Map([
    [10, { id: 10, ...titleFields('Matrix, The (1999)'), year: 1999, genres: ['Sci-Fi'] }],
    [11, { id: 11, ...titleFields('Seven (a.k.a. Se7en) (1995)'), year: 1995, genres: ['Crime'] }],
  ]);

  it('joins ratings with their descriptions and names unknown items by id', () => {
    const rows = ratingRows(
      [
        { item: 10, value: 4, time: 1 },
        { item: 99, value: 3, time: 2 },
      ],
      infos,
    );
    expect(rows[0]).toEqual({
      item: 10,
      value: 4,
      time: 1,
      title: 'The Matrix (1999)',
      subtitle: '',
      known: true,
      genres: ['Sci-Fi'],
    });
    expect(rows[1]).toMatchObject({ item: 99, title: 'Unknown item #99', known: false, genres: [] });
  });

  it('lists watchlist and hidden entries most recently added first', () => {
    const rows = listedRows(
      [
        { item: 10, added: 5 },
        { item: 99, added: 9 },
        { item: 11, added: 7 },
      ],
      infos,
    );
    expect(rows.map((r) => r.item)).toEqual([99, 11, 10]);
    expect(rows[1]).toMatchObject({ title: 'Seven (1995)', subtitle: 'a.k.a. Se7en' });
  });
});

describe('format', () => {
  it('names exports by the local calendar date', () => {
    expect(exportFilename(new Date(2026, 0, 5, 23, 59), 'json')).toBe('matinee-export-2026-01-05.json');
    expect(exportFilename(new Date(2026, 10, 26), 'csv')).toBe('matinee-export-2026-11-26.csv');
  });

  it('formats byte counts in binary units and rejects nonsense', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 ** 3)).toBe('10 GB');
    expect(() => formatBytes(-1)).toThrow(/not a byte count/);
  });

  it('picks the import parser by content, so a download that lost its extension still imports', () => {
    expect(importFormatOf('3f2a9c', '{"format":"matinee-export"}')).toEqual({ format: 'json' });
    expect(importFormatOf('download', 'userId,movieId,rating,timestamp\n0,1,4,0\n')).toEqual({ format: 'csv' });
  });

  it('falls back on the extension (any case) for files that look like neither, so the parser can say why', () => {
    expect(importFormatOf('Export.JSON', 'garbage')).toEqual({ format: 'json' });
    expect(importFormatOf('mine.csv', 'a,b\n1,2\n')).toEqual({ format: 'csv' });
    expect(importFormatOf('notes.txt', 'hello')).toEqual({ refused: expect.stringContaining('notes.txt is neither') });
  });

  it("points another site's export to its own importer", () => {
    const letterboxd = importFormatOf('ratings.csv', 'Date,Name,Year,Letterboxd URI,Rating\n');
    expect(letterboxd).toEqual({ refused: expect.stringContaining('use "Import from Letterboxd"') });
    const imdb = importFormatOf('ratings.csv', 'Const,Your Rating,Date Rated,Title,Year\n');
    expect(imdb).toEqual({ refused: expect.stringContaining('use "Import from IMDb"') });
  });

  it('says when a date is unknown instead of showing 1970', () => {
    expect(whenDone('Rated', 0)).toBe('Rated on an unknown date');
    expect(whenDone('Rated', Date.UTC(2020, 5, 15, 12))).toMatch(/^Rated .*2020/);
  });

  it('writes titles, counts and ratings as people read them', () => {
    expect(titleWithYear('Heat', 1995)).toBe('Heat (1995)');
    expect(titleWithYear('Heat', 0)).toBe('Heat');
    expect(plural(1, 'rating')).toBe('1 rating');
    expect(plural(2, 'rating')).toBe('2 ratings');
    expect(formatRating(0.1 + 0.2)).toBe('0.3');
    expect(formatRating(4)).toBe('4');
  });

  it('summarises a merge, leaving out zero counts, and says when ratings were already the same', () => {
    const m = (added: number, updated: number, kept: number, unchanged: number) => ({
      added,
      updated,
      kept,
      unchanged,
    });
    expect(mergeSummaryText(m(0, 0, 0, 0))).toBe('0 new ratings');
    expect(mergeSummaryText(m(1, 2, 0, 0))).toBe('1 new rating, 2 updated');
    expect(mergeSummaryText(m(3, 0, 1, 0))).toBe('3 new ratings, 1 kept (yours was newer)');
    expect(mergeSummaryText(m(0, 0, 2, 0))).toBe('2 kept (yours were newer)');
    expect(mergeSummaryText(m(0, 0, 0, 3))).toBe('3 ratings already the same');
    expect(mergeSummaryText(m(2, 0, 0, 3))).toBe('2 new ratings, 3 already the same');
  });
});

describe('importReport', () => {
  const summary = (settings: ('recommendationPrefs' | 'onboarding')[], unchanged = 2) => ({
    ratings: { added: 0, updated: 0, kept: 0, unchanged },
    watchlist: 0,
    hidden: 0,
    settings,
  });

  it('says "Nothing changed" only when no rating, list entry or setting did (issue 18, case 6)', () => {
    expect(importReport('mine.json', summary([]), false)).toBe(
      'Nothing changed from mine.json: 2 ratings already the same.',
    );
    expect(importReport('mine.json', summary(['recommendationPrefs']), false)).toBe(
      'Imported mine.json: 2 ratings already the same; 0 watchlist items and 0 hidden items added; ' +
        'settings changed: recommendation options.',
    );
    expect(importReport('prefs.json', summary(['recommendationPrefs', 'onboarding'], 0), false)).toBe(
      'Imported prefs.json: 0 new ratings; 0 watchlist items and 0 hidden items added; ' +
        'settings changed: recommendation options and first-visit genres.',
    );
    expect(importReport('empty.json', summary([], 0), true)).toBe(
      'Imported empty.json: 0 new ratings; 0 watchlist items and 0 hidden items added.',
    );
  });
});
