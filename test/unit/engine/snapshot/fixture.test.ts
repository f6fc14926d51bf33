/** The board-games fixture: another domain, odd ids, awkward titles, sparse data. */
import { describe, expect, it } from 'vitest';
import { buildSnapshotFile, readSnapshotFile } from '../../../../src/pipeline/snapshot-file.ts';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { genresOf, indexOfId } from '../../../../src/engine/dataset/dataset.ts';
import { expectSameDataset } from './helpers.ts';

const DIR = 'test/fixtures/board-games';

describe('snapshot of the board-games fixture', () => {
  const parsed = loadDatasetFolder(DIR);
  const decoded = readSnapshotFile(buildSnapshotFile(parsed).bytes);

  it('has the shape the fixture promises (so the round trip below covers those cases)', () => {
    expect(parsed.manifest.itemNoun).toBe('game');
    expect(parsed.manifest.ratingScale).toEqual({ min: 1, max: 10, step: 1 });
    expect(Math.max(...parsed.itemIds)).toBeGreaterThanOrEqual(100000);
    const rated = new Set(parsed.ratingItems);
    expect(rated.size).toBeLessThan(parsed.itemIds.length); // an item nobody rated
    const singles = [...parsed.userOffsets.subarray(1)].filter((end, u) => end - parsed.userOffsets[u]! === 1);
    expect(singles.length).toBeGreaterThan(0);
    expect([...parsed.tmdbIds].some((id) => id === 0)).toBe(true);
    expect(parsed.titles.some((t) => t.includes(','))).toBe(true);
    expect(parsed.titles.some((t) => t.includes('"'))).toBe(true);
    expect(parsed.titles.some((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t))).toBe(true);
    expect(parsed.titles.some((t) => /[\u0400-\u04ff]/.test(t))).toBe(true);
  });

  it('decodes to exactly the parsed dataset', () => {
    expectSameDataset(decoded, parsed);
  });

  it('keeps the awkward titles, genres and ratings verbatim', () => {
    const quacks = indexOfId(decoded.itemIds, 822000);
    expect(decoded.titles[quacks]).toBe('The "Quacks" of Quedlinburg (2018)');
    expect(decoded.years[quacks]).toBe(2018);
    const puerto = indexOfId(decoded.itemIds, 3076);
    expect(decoded.titles[puerto]).toBe('"Puerto Rico, Deluxe Edition" (2002)');
    const dominion = indexOfId(decoded.itemIds, 7);
    expect(decoded.titles[dominion]).toBe('ドミニオン 日本語版 (2009)');
    expect(genresOf(decoded, dominion)).toEqual(['Card Game', 'Deck Building']);
    expect(genresOf(decoded, indexOfId(decoded.itemIds, 99999))).toEqual([]);
    expect(decoded.years[indexOfId(decoded.itemIds, 188)]).toBe(0);
    expect(new Set(decoded.ratingValues).size).toBeGreaterThan(2);
    for (const v of decoded.ratingValues) expect(Number.isInteger(v) && v >= 1 && v <= 10).toBe(true);
  });
});
