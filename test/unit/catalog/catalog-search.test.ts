import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../src/build/dataset-folder.ts';
import { genresOf, indexOfId, type Dataset } from '../../../src/engine/dataset.ts';
import { detailsOf, itemStats, onboardingCandidates, type ItemStats } from '../../../src/engine/catalog/catalog.ts';
import { SearchIndex } from '../../../src/engine/catalog/search-index.ts';

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
  it('finds a title whose article MovieLens moved to the end', () => {
    expect(titleOf(index.search('the matrix', 5)[0]!)).toBe('Matrix, The (1999)');
    expect(titleOf(index.search('Matrix', 5)[0]!)).toBe('Matrix, The (1999)');
  });

  it('ignores case and diacritics both ways', () => {
    const amelie = "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)";
    expect(d.titles).toContain(amelie);
    expect(index.search('amelie', 5).map(titleOf)).toContain(amelie);
    expect(index.search('AMÉLIE', 5).map(titleOf)).toContain(amelie);
    expect(index.search('fabuleux destin', 5).map(titleOf)).toContain(amelie);
  });

  it('puts title-prefix matches before matches further inside, most rated first', () => {
    const hits = index.search('toy', 12).map(titleOf);
    expect(hits).toContain('Babes in Toyland (1961)');
    const firstInside = hits.findIndex((t) => !/^toy/i.test(t));
    expect(firstInside).toBeGreaterThan(2);
    expect(hits.slice(firstInside).some((t) => /^toy/i.test(t))).toBe(false);
    const counts = index.search('toy', firstInside).map((j) => stats.counts[j]!);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });

  it('matches a year and words in any order, and nothing for gibberish', () => {
    expect(titleOf(index.search('heat 1995', 3)[0]!)).toBe('Heat (1995)');
    expect(index.search('hope new', 5).map(titleOf)).toContain('Star Wars: Episode IV - A New Hope (1977)');
    expect(index.search('qzxqzxqzx', 5)).toEqual([]);
    expect(index.search('   ', 5)).toEqual([]);
  });
});

describe('catalog', () => {
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

  it('offers popular onboarding items spread across the chosen genres, without skipped ones', () => {
    const all = onboardingCandidates(d, stats, [], 12, new Set());
    expect(new Set(all).size).toBe(12);
    const genresCovered = new Set(all.flatMap((j) => genresOf(d, j)));
    expect(genresCovered.size).toBeGreaterThanOrEqual(8);
    const median = [...stats.counts].sort((a, b) => a - b)[stats.counts.length >> 1]!;
    for (const j of all) expect(stats.counts[j]!).toBeGreaterThan(median * 10);

    const horror = onboardingCandidates(d, stats, ['Horror', 'Animation'], 8, new Set([d.itemIds[all[0]!]!]));
    for (const j of horror) expect(genresOf(d, j).some((g) => g === 'Horror' || g === 'Animation')).toBe(true);
    expect(horror.some((j) => genresOf(d, j).includes('Horror'))).toBe(true);
    expect(horror.some((j) => genresOf(d, j).includes('Animation'))).toBe(true);
  });
});
