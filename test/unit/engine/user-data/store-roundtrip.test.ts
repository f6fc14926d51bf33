/** The export formats and the store together: export → clear → import gives back exactly what there was. */
import { describe, expect, it } from 'vitest';
import {
  exportJson,
  exportLetterboxdCsv,
  exportRatingsCsv,
  itemLabel,
  parseExportJson,
  parseRatingsCsv,
} from '../../../../src/engine/user-data/export-format.ts';
import { importLetterboxd } from '../../../../src/engine/user-data/letterboxd.ts';
import { freshIdbStore } from '../../store/helpers.ts';
import { tinyDataset } from './tiny-dataset.ts';

const d = tinyDataset();

describe('export → clear → import', () => {
  it('round-trips everything exactly through the JSON export', async () => {
    const store = await freshIdbStore();
    await store.setRating(2571, 4.5, 1_600_000_000_123);
    await store.setRating(1, 0.5, 0);
    await store.addToList('watchlist', 47, 1_700_000_000_005);
    await store.addToList('hidden', 1233, 1_700_000_000_006);
    await store.setSetting('onboarding', { done: true, genres: ['Drama', 'Sci-Fi'] });
    const prefs = {
      algorithm: 'ease',
      sort: 'newest',
      diversity: 0.3,
      popularity: -1,
      genre: 'Drama',
      decade: 1990,
    } as const;
    await store.setSetting('recommendationPrefs', prefs);
    const before = await store.exportAll();
    const file = exportJson(before, d.manifest.name);
    await store.clearAll();
    await store.importAll(parseExportJson(file, d), 'merge');
    expect(await store.exportAll()).toEqual(before);
    store.close();
  });

  it('round-trips ratings through the CSV export (to the second)', async () => {
    const store = await freshIdbStore();
    await store.setRating(2571, 4.5, 1_600_000_000_000);
    await store.setRating(47, 3, 1_500_000_000_000);
    const before = await store.getRatings();
    const file = exportRatingsCsv(before);
    await store.clearAll();
    await store.importAll(parseRatingsCsv(file, d), 'merge');
    expect(await store.getRatings()).toEqual(before);
    store.close();
  });

  it('re-importing an unchanged export changes nothing and says so, whatever precision its times have', async () => {
    const store = await freshIdbStore();
    // Times with milliseconds: the CSV keeps whole seconds (one rounds up, one down), Letterboxd whole days.
    await store.setRating(2571, 4.5, 1_600_000_000_723);
    await store.setRating(47, 3, 1_500_000_000_123);
    await store.setRating(4973, 5, 0);
    await store.addToList('watchlist', 1, 1_700_000_000_005);
    const before = await store.exportAll();
    const labels = new Map(Array.from(d.itemIds, (id, j) => [id, itemLabel(d, j)]));
    const letterboxd = (text: string) => {
      const { matched } = importLetterboxd(text, d);
      return { ratings: matched.map(({ item, value, time }) => ({ item, value, time })), watchlist: [], hidden: [] };
    };
    for (const data of [
      parseExportJson(exportJson(before, d.manifest.name), d),
      parseRatingsCsv(exportRatingsCsv(before.ratings, labels), d),
      { ...letterboxd(exportLetterboxdCsv(before.ratings, labels, d.manifest.ratingScale).text), settings: {} },
    ]) {
      const summary = await store.importAll(data, 'merge');
      expect(summary).toEqual({
        ratings: { added: 0, updated: 0, kept: 0, unchanged: 3 },
        watchlist: 0,
        hidden: 0,
        settings: [],
      });
      expect(await store.exportAll()).toEqual(before);
    }
    store.close();
  });

  it('a file failing validation changes nothing', async () => {
    const store = await freshIdbStore();
    await store.setRating(1, 2, 10);
    const before = await store.exportAll();
    const bad = exportJson({ ...before, ratings: [...before.ratings, { item: 4973, value: 7, time: 0 }] }, 'Tiny');
    await expect(async () => store.importAll(parseExportJson(bad, d), 'replace')).rejects.toThrow(
      /ratings\[1\]\.value/,
    );
    expect(await store.exportAll()).toEqual(before);
    store.close();
  });
});
