/**
 * The items a new user is asked to rate (catalogue.ts onboardingCandidates) on the bundled MovieLens: well known (all
 * among the most rated) and varied (no two of one series, no two in a row with much the same genres), so that a
 * typical user finds five they have seen in the first two screens of the picker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { genresOf, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import {
  itemStats,
  onboardingCandidates,
  seriesKey,
  type ItemStats,
} from '../../../../src/engine/catalogue/catalogue.ts';
import { genreJaccard } from '../../../../src/engine/dataset/dataset.ts';

let d: Dataset;
let stats: ItemStats;
/** Dense index → rank by rating count (1 = most rated). */
let rank: Map<number, number>;
const PER_SCREEN = 8;

beforeAll(() => {
  d = loadDatasetFolder('data/ml-latest-small');
  stats = itemStats(d);
  const byCount = Array.from(d.itemIds.keys()).sort((a, b) => stats.counts[b]! - stats.counts[a]! || a - b);
  rank = new Map(byCount.map((j, r) => [j, r + 1]));
});

/** The first `screens` screens of the picker, "Show other" pressed in between, as the app asks for them. */
function screens(count: number, genres: string[] = [], rated: number[] = []): number[][] {
  const offered = new Set(rated);
  return Array.from({ length: count }, () => {
    const batch = onboardingCandidates(d, stats, genres, PER_SCREEN, offered);
    for (const j of batch) offered.add(d.itemIds[j]!);
    return batch;
  });
}

describe('onboarding candidates', () => {
  it('are all among the most rated: the first two screens from the top 25, the first eight screens the top 75', () => {
    const first = screens(8);
    expect(first.flat()).toHaveLength(8 * PER_SCREEN);
    expect(new Set(first.flat()).size).toBe(8 * PER_SCREEN);
    expect(
      Math.max(
        ...first
          .slice(0, 2)
          .flat()
          .map((j) => rank.get(j)!),
      ),
    ).toBeLessThanOrEqual(25);
    expect(Math.max(...first.flat().map((j) => rank.get(j)!))).toBeLessThanOrEqual(75);
  });

  it('never offer two of one series, nor two in a row with the same or much the same genres', () => {
    const alike = genreJaccard(d);
    const offered = screens(8).flat();
    const series = offered.map((j) => seriesKey(d.titles[j]!));
    expect(new Set(series).size).toBe(series.length);
    for (let k = 1; k < offered.length; k++) {
      const [a, b] = [offered[k - 1]!, offered[k]!];
      expect(genresOf(d, a).join(), `${d.titles[a]} then ${d.titles[b]}`).not.toBe(genresOf(d, b).join());
      expect(alike(a, b), `${d.titles[a]} then ${d.titles[b]}`).toBeLessThan(0.5);
    }
  });

  it('leave out what is rated, and the rest of its series', () => {
    const matrix = d.itemIds.indexOf(2571);
    const offered = screens(3, [], [2571]).flat();
    expect(offered).not.toContain(matrix);
    expect(offered.map((j) => seriesKey(d.titles[j]!))).not.toContain(seriesKey(d.titles[matrix]!));
  });

  it('stay within the chosen genres, reaching a film such as Heat within three screens when Crime is chosen', () => {
    const offered = screens(3, ['Crime']).flat();
    for (const j of offered) expect(genresOf(d, j)).toContain('Crime');
    expect(offered.map((j) => d.titles[j])).toContain('Heat (1995)');
  });

  it('group a series by the first word of its title, article moved back', () => {
    expect(seriesKey('Matrix, The (1999)')).toBe(seriesKey('Matrix Reloaded, The (2003)'));
    expect(seriesKey('Toy Story (1995)')).toBe(seriesKey('Toy Story 2 (1999)'));
    expect(seriesKey('Heat (1995)')).not.toBe(seriesKey('Toy Story (1995)'));
  });
});
