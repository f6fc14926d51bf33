import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { genresOf, indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import {
  browseItems,
  catalogueFacets,
  detailsOf,
  itemStats,
  summaryOf,
  type ItemStats,
} from '../../../../src/engine/catalogue/catalogue.ts';
import { normalizeForSearch } from '../../../../src/engine/text/normalize-title.ts';
import { SearchIndex } from '../../../../src/engine/catalogue/search-index.ts';

let d: Dataset;
let stats: ItemStats;
let index: SearchIndex;
const titleOf = (item: number) => d.titles[item]!;

beforeAll(() => {
  d = loadDatasetFolder('data/ml-latest-small');
  stats = itemStats(d);
  index = new SearchIndex(d.titles, d.years, stats.counts);
});

describe('search', () => {
  const shown = (item: number) => summaryOf(d, item).displayTitle;
  /** Every word of the item's title forms (name, original, a.k.a.) and its year, folded as the index folds them. */
  const wordsOfItem = (item: number) => {
    const s = summaryOf(d, item);
    const text = [s.name, s.originalTitle ?? '', ...s.alsoKnownAs, String(s.year)].join(' ');
    return new Set([
      ...normalizeForSearch(text).split(' '),
      ...normalizeForSearch(text.replace(/['’]/g, ' ')).split(' '),
    ]);
  };

  it('finds a title by its display name, its stored form and its alternative titles', () => {
    const matrix = 'The Matrix (1999)';
    for (const q of ['matrix', 'the matrix', 'Matrix, The', 'Matrix, The (1999)', 'matrix 1999'])
      expect(shown(index.search(q, 5)[0]!), q).toBe(matrix);
    const amelie = "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)";
    for (const q of ['amelie', 'AMÉLIE', 'fabuleux destin', "le fabuleux destin d'amélie", amelie])
      expect(titleOf(index.search(q, 5)[0]!), q).toBe(amelie);
    expect(shown(index.search('se7en', 5)[0]!)).toBe('Seven (1995)');
    expect(shown(index.search('ours', 5)[2]!)).toBe('The Bear (1988)');
  });

  it('finds every title first by its own display title', () => {
    for (let item = 0; item < d.titles.length; item++) {
      const title = shown(item);
      expect(shown(index.search(title, 3)[0]!), d.titles[item]).toBe(title);
    }
  });

  it('matches at the start of words only: "heat" finds Heat and Heathers, never Theater', () => {
    const hits = index.search('heat', 30);
    expect(shown(hits[0]!)).toBe('Heat (1995)');
    expect(hits.map(shown)).toContain('Heathers (1989)');
    expect(d.titles).toContain('Mystery Science Theater 3000: The Movie (1996)');
    for (const item of hits)
      expect(
        [...wordsOfItem(item)].some((w) => w.startsWith('heat')),
        shown(item),
      ).toBe(true);
  });

  it('forgives one typo in a longer word, but not in the first letter or in a short word', () => {
    expect(shown(index.search('godfathr', 5)[0]!)).toBe('The Godfather (1972)');
    expect(shown(index.search('pulp fictoin', 5)[0]!)).toBe('Pulp Fiction (1994)');
    expect(shown(index.search('termintor', 5)[0]!)).toBe('The Terminator (1984)');
    expect(index.search('odfather', 5).map(shown)).not.toContain('The Godfather (1972)');
    // "hear" is one letter from "heat", but four letters are too few to guess from.
    for (const item of index.search('hear', 30))
      expect([...wordsOfItem(item)].some((w) => w.startsWith('hear'))).toBe(true);
  });

  it('ranks the best match first and, among equal matches, the most rated', () => {
    expect(shown(index.search('toy', 5)[0]!)).toBe('Toy Story (1995)');
    expect(shown(index.search('matrix', 5)[0]!)).toBe('The Matrix (1999)');
    const wars = index.search('star wars', 30).filter((j) => shown(j).startsWith('Star Wars:'));
    expect(wars.length).toBeGreaterThan(5);
    const counts = wars.map((j) => stats.counts[j]!);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });

  it('gives the same answers whatever was searched before (its scratch space is left clean)', () => {
    const queries = ['t', 'godfathr', 'the matrix', 'heat 1995', 'a', 'star wars', 'qzx', 'amelie'];
    const fresh = queries.map((q) => new SearchIndex(d.titles, d.years, stats.counts).search(q, 30));
    for (let round = 0; round < 2; round++) queries.forEach((q, k) => expect(index.search(q, 30), q).toEqual(fresh[k]));
  });

  it('finds nothing for gibberish or blanks, and respects the limit', () => {
    expect(index.search('qzxqzxqzx', 5)).toEqual([]);
    expect(index.search('oppenheimer', 5)).toEqual([]);
    expect(index.search('   ', 5)).toEqual([]);
    expect(index.search('the', 7)).toHaveLength(7);
    expect(index.search('the', 0)).toEqual([]);
  });

  it('reads another dataset’s titles the same way', () => {
    const games = loadDatasetFolder('test/fixtures/board-games');
    const gameIndex = new SearchIndex(games.titles, games.years, itemStats(games).counts);
    expect(games.titles[gameIndex.search('chess', 1)[0]!]).toBe('Шахматы (Chess) (1475)');
    expect(games.titles[gameIndex.search('cafe', 1)[0]!]).toBe('Café International (1989)');
  });
});

describe('catalogue', () => {
  it('lists a tag’s items most often tagged first, whatever the case, and a genre’s most rated first', () => {
    const taggedBy = (item: number, tag: string) => {
      let n = 0;
      for (let k = 0; k < d.tagItems.length; k++)
        if (d.tagItems[k] === item && d.tagVocabulary[d.tagTexts[k]!]!.trim().toLowerCase() === tag) n++;
      return n;
    };
    const dark = browseItems(d, stats, 'tag', 'Dark Comedy');
    expect(dark.length).toBeGreaterThan(5);
    expect(dark).toEqual(browseItems(d, stats, 'tag', 'dark comedy'));
    const uses = dark.map((j) => taggedBy(j, 'dark comedy'));
    for (const n of uses) expect(n).toBeGreaterThan(0);
    expect([...uses].sort((a, b) => b - a)).toEqual(uses);
    expect(detailsOf(d, stats, dark[0]!).tags.map((t) => t.toLowerCase())).toContain('dark comedy');

    const noir = browseItems(d, stats, 'genre', 'Film-Noir');
    expect(noir.length).toBe(Array.from(d.itemIds.keys()).filter((j) => genresOf(d, j).includes('Film-Noir')).length);
    const counts = noir.map((j) => stats.counts[j]!);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(browseItems(d, stats, 'tag', 'no such tag at all')).toEqual([]);
    expect(browseItems(d, stats, 'genre', 'Nonexistent')).toEqual([]);
  });

  it('counts items by decade and genre, offering only decades and genres that have items', () => {
    const f = catalogueFacets(d);
    expect(f.firstYear).toBe(Math.min(...Array.from(d.years).filter((y) => y > 0)));
    expect(f.lastYear).toBe(2018);
    expect(f.decades[0]).toBe(1900);
    expect(f.decades.at(-1)).toBe(2010);
    expect(f.decades).not.toContain(2020);
    for (const [k, decade] of f.decades.entries()) {
      // Each listed decade has items, and the counts agree with the catalogue.
      const inDecade = Array.from(d.years.keys()).filter((j) => Math.floor(d.years[j]! / 10) * 10 === decade);
      expect(inDecade.length, String(decade)).toBeGreaterThan(0);
      for (const [g, genre] of f.genres.entries())
        expect(f.counts[k]![g], `${decade} ${genre}`).toBe(
          inDecade.filter((j) => genresOf(d, j).includes(genre)).length,
        );
    }
    for (const g of f.genres.keys()) expect(f.counts.some((row) => row[g]! > 0)).toBe(true);
  });

  it('counts ratings per item and averages them', () => {
    let total = 0;
    for (const c of stats.counts) total += c;
    expect(total).toBe(d.ratingItems.length);
    const heat = indexOfId(d.itemIds, 6);
    let sum = 0;
    let n = 0;
    for (let k = 0; k < d.ratingItems.length; k++)
      if (d.ratingItems[k] === heat) {
        sum += d.ratingValues[k]!;
        n++;
      }
    const details = detailsOf(d, stats, heat);
    expect(details.title).toBe('Heat (1995)');
    expect(details.ratingCount).toBe(n);
    expect(details.average).toBeCloseTo(sum / n, 5);
    expect(details.imdbUrl).toBe('https://www.imdb.com/title/tt0113277/');
    expect(details.tmdbUrl).toBe('https://www.themoviedb.org/movie/949');
  });

  it('gives an item’s tags most used first', () => {
    const pulp = detailsOf(d, stats, indexOfId(d.itemIds, 296));
    expect(pulp.tags.length).toBeGreaterThan(3);
    expect(new Set(pulp.tags.map((t) => t.toLowerCase())).size).toBe(pulp.tags.length);
  });
});
