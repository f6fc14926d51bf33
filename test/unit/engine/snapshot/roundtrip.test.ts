import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshotFile, readSnapshotFile } from '../../../../src/pipeline/snapshot-file.ts';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { imdbCode, indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { splitTitleYear } from '../../../../src/engine/text/normalize-title.ts';
import { parseCsv } from '../../../../src/engine/dataset/csv.ts';
import { decodeGzippedSnapshot, encodeSnapshot } from '../../../../src/engine/snapshot/index.ts';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expectSameDataset } from './helpers.ts';

const DIR = 'data/ml-latest-small';

describe('snapshot of the bundled MovieLens data', () => {
  let parsed: Dataset;
  let decoded: Dataset;
  let fileBytes: Uint8Array;

  beforeAll(() => {
    parsed = loadDatasetFolder(DIR);
    const file = buildSnapshotFile(parsed);
    fileBytes = file.bytes;
    decoded = readSnapshotFile(file.bytes);
  });

  it('decodes to exactly the parsed dataset, field by field', () => {
    expectSameDataset(decoded, parsed);
  });

  it('keeps every rating of ratings.csv: user, item, value, timestamp', () => {
    const table = parseCsv(readFileSync(`${DIR}/ratings.csv`, 'utf8'), 'ratings.csv');
    expect(decoded.ratingItems.length).toBe(table.rows.length);
    const byKey = new Map<string, [number, number]>();
    for (let u = 0; u < decoded.userIds.length; u++) {
      for (let k = decoded.userOffsets[u]!; k < decoded.userOffsets[u + 1]!; k++) {
        const key = `${decoded.userIds[u]},${decoded.itemIds[decoded.ratingItems[k]!]}`;
        byKey.set(key, [decoded.ratingValues[k]!, decoded.ratingTimes[k]!]);
      }
    }
    for (const row of table.rows) {
      const [user, movie, rating, time] = row.fields;
      expect(byKey.get(`${user},${movie}`), `rating on line ${row.line}`).toEqual([Number(rating), Number(time)]);
    }
  });

  it('keeps every title, genre list and link of movies.csv and links.csv', () => {
    const movies = parseCsv(readFileSync(`${DIR}/movies.csv`, 'utf8'), 'movies.csv');
    const links = parseCsv(readFileSync(`${DIR}/links.csv`, 'utf8'), 'links.csv');
    const index = new Map<number, number>();
    decoded.itemIds.forEach((id, i) => index.set(id, i));
    for (const row of movies.rows) {
      const i = index.get(Number(row.fields[0]))!;
      expect(decoded.titles[i]).toBe(row.fields[1]!.trim());
      const genres = row.fields[2] === '(no genres listed)' ? [] : row.fields[2]!.split('|');
      const got = [...decoded.itemGenres.subarray(decoded.genreOffsets[i]!, decoded.genreOffsets[i + 1]!)];
      expect(got.map((g) => decoded.genres[g])).toEqual(genres);
      expect(decoded.years[i]).toBe(splitTitleYear(row.fields[1]!).year);
    }
    // A series' year range: the parser, the snapshot and the views all read its first year.
    expect(decoded.years[indexOfId(decoded.itemIds, 171749)]).toBe(2006);
    expect(decoded.titles[indexOfId(decoded.itemIds, 171749)]).toBe('Death Note: Desu nôto (2006–2007)');
    for (const row of links.rows) {
      const i = index.get(Number(row.fields[0]))!;
      expect(imdbCode(decoded.imdbIds[i]!).slice(2)).toBe(row.fields[1]!.padStart(7, '0'));
      expect(decoded.tmdbIds[i]).toBe(row.fields[2] === '' ? 0 : Number(row.fields[2]));
    }
  });

  it('keeps every tag of tags.csv in file order: user, item, text, time', () => {
    const tags = parseCsv(readFileSync(`${DIR}/tags.csv`, 'utf8'), 'tags.csv');
    expect(decoded.tagItems.length).toBe(tags.rows.length);
    tags.rows.forEach((row, k) => {
      const [user, movie, tag, time] = row.fields;
      expect([
        decoded.tagUserIds[k],
        decoded.itemIds[decoded.tagItems[k]!],
        decoded.tagVocabulary[decoded.tagTexts[k]!],
        decoded.tagTimes[k],
      ]).toEqual([Number(user), Number(movie), tag!.trim(), Number(time)]);
    });
  });

  it('meets the size budget of 450 KB for the whole file', () => {
    expect(fileBytes.length).toBeLessThanOrEqual(450 * 1024);
  });

  it('decodes the same through the platform DecompressionStream as through zlib', async () => {
    expectSameDataset(await decodeGzippedSnapshot(fileBytes), parsed);
  });

  it('encodes deterministically: the same dataset gives the same bytes, hence the same file hash', () => {
    const again = encodeSnapshot(parsed);
    expect(Buffer.compare(again, gunzipSync(fileBytes))).toBe(0);
  });
});
