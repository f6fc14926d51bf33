import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { genreJaccard, genresOf, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import {
  byDecadeAndFame,
  itemStats,
  onboardingCandidates,
  seriesKey,
  type ItemStats,
} from '../../../../src/engine/catalogue/catalogue.ts';

let d: Dataset;
let stats: ItemStats;
/** A picker screen: the app shows this many candidates at a time. */
const SCREEN = 8;
const decadeOf = (j: number) => Math.floor(d.years[j]! / 10) * 10;
const titles = (items: number[]) => items.map((j) => d.titles[j]!);

beforeAll(() => {
  d = loadDatasetFolder('data/ml-latest-small');
  stats = itemStats(d);
});

describe('byDecadeAndFame', () => {
  it('keeps each decade most rated first and gives the busiest decades the most places', () => {
    const order = byDecadeAndFame(d, stats);
    expect(new Set(order).size).toBe(d.itemIds.length);
    const lastCount = new Map<number, number>();
    for (const j of order) {
      expect(stats.counts[j]!, d.titles[j]).toBeLessThanOrEqual(lastCount.get(decadeOf(j)) ?? Infinity);
      lastCount.set(decadeOf(j), stats.counts[j]!);
    }
    const places = new Map<number, number>();
    for (const j of order.slice(0, 64)) places.set(decadeOf(j), (places.get(decadeOf(j)) ?? 0) + 1);
    // MovieLens users rated the nineties and noughties most: they lead, but every decade from the thirties shows.
    expect(places.get(1990)).toBeGreaterThan(places.get(1970)!);
    expect(places.get(1970)).toBeGreaterThan(places.get(1940)!);
    for (let decade = 1930; decade <= 2010; decade += 10) expect(places.get(decade), `${decade}s`).toBeGreaterThan(0);
  });
});

describe('onboardingCandidates', () => {
  it('covers the well-known films of every decade and genre in its first four screens', () => {
    const first = onboardingCandidates(d, stats, [], 4 * SCREEN, new Set());
    expect(new Set(first).size).toBe(first.length);
    const decades = new Set(first.map(decadeOf));
    for (let decade = 1930; decade <= 2010; decade += 10) expect(decades, `${decade}s`).toContain(decade);
    expect(new Set(first.flatMap((j) => genresOf(d, j))).size).toBeGreaterThanOrEqual(14);
    // Famous in their decade, not only the catalogue's thirty most rated.
    expect(titles(first)).toEqual(expect.arrayContaining(['Alien (1979)', 'Casablanca (1942)', 'Rear Window (1954)']));
    const median = [...stats.counts].sort((a, b) => a - b)[stats.counts.length >> 1]!;
    for (const j of first) expect(stats.counts[j]!, d.titles[j]).toBeGreaterThan(median * 10);
  });

  it('reaches the well-known films of a chosen genre within a few screens', () => {
    const crime = onboardingCandidates(d, stats, ['Crime'], 5 * SCREEN, new Set());
    expect(titles(crime.slice(0, 2 * SCREEN))).toContain('Fargo (1996)');
    expect(titles(crime)).toContain('Heat (1995)');
    for (const j of crime) expect(genresOf(d, j)).toContain('Crime');
  });

  it('offers one film per series, its best known, and never one just like the one before', () => {
    const first = onboardingCandidates(d, stats, [], 8 * SCREEN, new Set());
    const keys = first.map((j) => seriesKey(d.titles[j]!));
    expect(new Set(keys).size).toBe(keys.length);
    const alike = genreJaccard(d);
    for (let k = 1; k < first.length; k++)
      expect(alike(first[k - 1]!, first[k]!), titles(first.slice(k - 1, k + 1)).join(' → ')).toBeLessThan(0.5);
    expect(titles(first)).toContain('Dark Knight, The (2008)');
    expect(titles(first)).not.toContain('Dark Knight Rises, The (2012)');
    expect(titles(first)).toContain('Star Wars: Episode IV - A New Hope (1977)');
  });

  it('offers popular items spread across the chosen genres, without skipped ones', () => {
    const all = onboardingCandidates(d, stats, [], 12, new Set());
    expect(new Set(all).size).toBe(12);
    expect(new Set(all.flatMap((j) => genresOf(d, j))).size).toBeGreaterThanOrEqual(8);
    const horror = onboardingCandidates(d, stats, ['Horror', 'Animation'], 8, new Set([d.itemIds[all[0]!]!]));
    expect(horror).not.toContain(all[0]);
    for (const j of horror) expect(genresOf(d, j).some((g) => g === 'Horror' || g === 'Animation')).toBe(true);
    expect(horror.some((j) => genresOf(d, j).includes('Horror'))).toBe(true);
    expect(horror.some((j) => genresOf(d, j).includes('Animation'))).toBe(true);
    // Skipping what was offered gives the next screen: none offered twice.
    const next = onboardingCandidates(d, stats, [], 12, new Set(all.map((j) => d.itemIds[j]!)));
    expect(next.filter((j) => all.includes(j))).toEqual([]);
  });

  it('offers the same when the dataset has none of the wanted genres, and the decades’ best known without genres', () => {
    expect(onboardingCandidates(d, stats, ['No such genre'], 12, new Set())).toEqual(
      onboardingCandidates(d, stats, [], 12, new Set()),
    );
    const bare = {
      ...d,
      genres: [],
      itemGenres: new Uint16Array(0),
      genreOffsets: new Uint32Array(d.itemIds.length + 1),
    };
    const picks = onboardingCandidates(bare, stats, [], 5, new Set());
    // Without genres nothing reads as alike: the order is byDecadeAndFame's, each series by its best-known film.
    const order = byDecadeAndFame(bare, stats);
    const bestOfSeries = (j: number) =>
      order
        .filter((k) => seriesKey(d.titles[k]!) === seriesKey(d.titles[j]!))
        .sort((a, b) => stats.counts[b]! - stats.counts[a]!)[0];
    for (const j of picks) expect(bestOfSeries(j), d.titles[j]).toBe(j);
  });
});
