import { describe, expect, it } from 'vitest';
import { indexOfId } from '../../../../src/engine/dataset/dataset.ts';
import { toDatasetScale, IMDB_SCALE, LETTERBOXD_SCALE } from '../../../../src/engine/user-data/scale.ts';
import { buildTitleIndex, matchTitle } from '../../../../src/engine/user-data/title-match.ts';
import { tinyDataset } from './tiny-dataset.ts';

const d = tinyDataset();
const index = buildTitleIndex(d);
const idOf = (title: string, year: number) => {
  const m = matchTitle(index, title, year);
  return m.item < 0 ? m : d.itemIds[m.item];
};

describe('matchTitle', () => {
  it('finds items by title and year through moved articles, diacritics and alternative titles', () => {
    expect(idOf('The Matrix', 1999)).toBe(2571);
    expect(idOf('Amélie', 2001)).toBe(4973);
    expect(idOf('Se7en', 1995)).toBe(47);
    expect(idOf('Das Boot', 1981)).toBe(1233);
  });

  it('tells same-titled films apart by year, and accepts a year off by one only when unambiguous', () => {
    expect(idOf('Titanic', 1997)).toBe(1721);
    expect(idOf('Titanic', 1953)).toBe(3404);
    expect(idOf('Titanic', 1998)).toBe(1721);
    expect(idOf('The Matrix', 2000)).toBe(2571);
    expect(idOf('Hamlet', 1996)).toBe(6000);
    expect(idOf('Hamlet', 2001)).toBe(6001);
    expect(idOf('The Matrix', 1990)).toMatchObject({ item: -1, reason: expect.stringMatching(/year 1990/) });
  });

  it('without a year, matches only a unique title, and reads a trailing (YYYY)', () => {
    expect(idOf('Amelie', 0)).toBe(4973);
    expect(idOf('Titanic', 0)).toMatchObject({ item: -1, reason: expect.stringMatching(/2 titles/) });
    expect(idOf('Titanic (1953)', 0)).toBe(3404);
    expect(idOf('Untitled Project', 2020)).toBe(5000);
  });

  it('says when nothing matches', () => {
    expect(idOf('Parasite', 1999)).toEqual({ item: -1, reason: 'no title in the dataset matches' });
    expect(idOf('', 0)).toMatchObject({ item: -1 });
  });

  it('says a film newer than the catalogue is not in it, whether or not an older one shares its title', () => {
    const last = Math.max(...d.years);
    const beyond = { item: -1, reason: `not in the catalogue: it ends in ${last}` };
    expect(idOf('Oppenheimer', last + 3)).toEqual(beyond);
    expect(idOf('Titanic', last + 3)).toEqual(beyond);
    expect(idOf(`Titanic (${last + 3})`, 0)).toEqual(beyond);
  });

  it('is consistent with the dataset’s own index', () => {
    for (let i = 0; i < d.titles.length; i++) {
      const m = matchTitle(index, d.titles[i]!, d.years[i]!);
      if (m.item >= 0) expect(indexOfId(d.itemIds, d.itemIds[m.item]!)).toBe(m.item);
    }
    // Every title finds itself (years make the two Hamlets and Titanics unique).
    expect(d.titles.map((t, i) => matchTitle(index, t, d.years[i]!).item)).toEqual(d.titles.map((_, i) => i));
  });
});

describe('toDatasetScale', () => {
  const ml = { min: 0.5, max: 5, step: 0.5 };
  it('maps IMDb 1–10 to half of it on the MovieLens scale', () => {
    for (let v = 1; v <= 10; v++) expect(toDatasetScale(v, IMDB_SCALE, ml)).toBe(v / 2);
  });
  it('keeps Letterboxd stars on the MovieLens scale', () => {
    for (let v = 0.5; v <= 5; v += 0.5) expect(toDatasetScale(v, LETTERBOXD_SCALE, ml)).toBe(v);
  });
  it('rounds to the step and clamps on a coarser scale', () => {
    const fiveStars = { min: 1, max: 5, step: 1 };
    expect(toDatasetScale(0.5, LETTERBOXD_SCALE, fiveStars)).toBe(1);
    expect(toDatasetScale(5, LETTERBOXD_SCALE, fiveStars)).toBe(5);
    expect(toDatasetScale(2.5, LETTERBOXD_SCALE, fiveStars)).toBe(3);
    expect(toDatasetScale(99, IMDB_SCALE, fiveStars)).toBe(5);
    expect(toDatasetScale(-4, IMDB_SCALE, fiveStars)).toBe(1);
    expect(toDatasetScale(7, IMDB_SCALE, { min: 0, max: 1, step: 0.1 })).toBe(0.7);
  });
});
